// The bare Fastify baseline of the gateway list benchmark (bench/gateway-list): GET /leads answers
// 50 lead-shaped objects from memory, in a process of its own. Prints its URL once listening.
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'

const now = new Date().toISOString()
const leads = Array.from({ length: 50 }, (_, i) => ({
  id: randomUUID(),
  status: 'new',
  source: 'website',
  contactId: randomUUID(),
  phoneE164: `+4479${String(10_000_000 + i)}`,
  email: `lead-${i}@example.com`,
  name: `Lead ${i}`,
  ownerId: randomUUID(),
  departmentId: randomUUID(),
  slaDueAt: now,
  firstResponseAt: null,
  createdAt: now,
  updatedAt: now,
}))

const app = Fastify({ logger: false })
app.get('/leads', () => ({ data: leads, nextCursor: 'WyIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLCJpZCJd' }))
const url = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`${url}\n`)
process.on('SIGTERM', () => void app.close())
