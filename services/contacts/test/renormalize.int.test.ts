import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createTestDatabase } from '@leadflow/service'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from './contacts-harness.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'

const run = promisify(execFile)
const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'

describe('renormalize backfill (pnpm --filter @leadflow/contacts renormalize)', () => {
  let db: PrismaClient
  let databaseUrl: string
  beforeAll(async () => {
    ;({ url: databaseUrl } = await createTestDatabase(new URL('..', import.meta.url), 'contacts', baseUrl))
    db = createDb(databaseUrl)
  })
  afterAll(() => db?.$disconnect())

  const backfill = async () => {
    const { stdout } = await run('pnpm', ['--silent', '--filter', '@leadflow/contacts', 'renormalize'], {
      cwd: new URL('../../..', import.meta.url),
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DEFAULT_PHONE_REGION: 'RU',
        RENORMALIZE_BATCH_SIZE: '2',
      },
    })
    return stdout
  }

  it('normalises legacy rows in batches, flags collisions, and changes nothing the second time', async () => {
    // Rows as an older writer left them: local formats without E.164, mixed-case e-mails.
    const holder = await db.contact.create({
      data: {
        phoneRaw: '+7 916 555-12-34',
        phoneDigits: '79165551234',
        phoneE164: '+79165551234',
        phoneValid: true,
      },
    })
    const collides = await db.contact.create({ data: { phoneRaw: '8 (916) 555-12-34' } })
    const local = await db.contact.create({ data: { phoneRaw: '8 916 555 00 00', name: 'Ivan  PETROV' } })
    const mixedCase = await db.contact.create({ data: { emailLower: ' Mixed.Case@Example.COM ' } })
    const clean = await db.contact.create({ data: { emailLower: 'clean@example.com' } })

    const first = await backfill()
    expect(first).toContain('renormalize: scanned 2,')
    expect(first).toMatch(/done in \d+ ms: scanned 5, changed 3, conflicts 1/)

    expect(await db.contact.findUnique({ where: { id: local.id } })).toMatchObject({
      phoneE164: '+79165550000',
      phoneValid: true,
      phoneDigits: '89165550000',
      nameNormalized: 'ivan petrov',
    })
    expect((await db.contact.findUnique({ where: { id: mixedCase.id } }))?.emailLower).toBe(
      'mixed.case@example.com',
    )
    expect(await db.contact.findUnique({ where: { id: collides.id } })).toMatchObject({
      phoneE164: null,
      needsReview: true,
    })
    expect(await db.contact.findUnique({ where: { id: holder.id } })).toMatchObject({ needsReview: true })
    expect(await db.contact.findUnique({ where: { id: clean.id } })).toMatchObject({ needsReview: false })
    expect(await db.contactReview.count()).toBe(1)
    const updatedAt = (await db.contact.findMany({ orderBy: { id: 'asc' } })).map((c) =>
      c.updatedAt.getTime(),
    )

    const second = await backfill()
    expect(second).toMatch(/scanned 5, changed 0, conflicts 1/)
    expect((await db.contact.findMany({ orderBy: { id: 'asc' } })).map((c) => c.updatedAt.getTime())).toEqual(
      updatedAt,
    )
    // Every change was queued for publication with the change itself.
    expect(await db.outboxMessage.count()).toBeGreaterThanOrEqual(3)
  })
})
