import { describe, expect, it } from 'vitest'
import { schemaOf, serviceConnection, withSchema } from './database-url.js'

describe('service database URLs', () => {
  const base = 'postgresql://leadflow:secret@127.0.0.1:5432/leadflow'

  it('takes the schema from the URL, else the service default', () => {
    expect(schemaOf(`${base}?schema=contacts_test_1`, 'contacts')).toBe('contacts_test_1')
    expect(schemaOf(base, 'contacts')).toBe('contacts')
    expect(schemaOf(withSchema(base, 'lead-router'), 'x')).toBe('lead-router')
  })

  it('gives pg the URL without its schema parameter and the schema as the search path', () => {
    const connection = serviceConnection(`${base}?schema=lead_router_test_2&sslmode=disable`, 'lead-router')
    expect(new URL(connection.connectionString).searchParams.has('schema')).toBe(false)
    expect(new URL(connection.connectionString).searchParams.get('sslmode')).toBe('disable')
    expect(connection.options).toBe('-c search_path="lead_router_test_2"')
    expect(serviceConnection(base, 'webhook-ingest').options).toBe('-c search_path="webhook-ingest"')
  })
})
