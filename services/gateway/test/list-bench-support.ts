// Databases for the gateway list benchmark (bench/gateway-list): fresh migrated schemas for
// lead-router and the gateway, and leads seeded in bulk by one SQL statement into lead-router's
// table, then into the gateway's read model through its own projection.
import { createPrismaAdapter } from '@leadflow/db'
import { createTestDatabase } from '@leadflow/service'
import { PrismaClient as RouterPrisma } from '../../lead-router/src/generated/prisma/client.js'
import { mirrorLeads } from './lead-views-seed.js'

export interface BenchDatabases {
  routerUrl: string
  gatewayUrl: string
  /** Seeds `count` leads, one every 155 ms back from now; answers how long it took in ms. */
  seedLeads(count: number): Promise<number>
  /** Drops the benchmark's own schemas. */
  drop(): Promise<void>
}

export async function createBenchDatabases(baseUrl: string): Promise<BenchDatabases> {
  const router = await createTestDatabase(
    new URL('../../lead-router/', import.meta.url),
    'lead-router-bench',
    baseUrl,
  )
  const gateway = await createTestDatabase(new URL('..', import.meta.url), 'gateway-bench', baseUrl)
  const db = new RouterPrisma({
    adapter: createPrismaAdapter({ databaseUrl: router.url, defaultSchema: router.schema }),
  })
  return {
    routerUrl: router.url,
    gatewayUrl: gateway.url,
    async seedLeads(count) {
      const started = performance.now()
      // 50 owners in 5 departments; statuses and sources mixed; phones and e-mails unique.
      await db.$executeRawUnsafe(`
        insert into "${router.schema}".leads
          (id, source_event_id, source, status, contact_id, phone_e164, email, name, owner_id,
           department_id, sla_due_at, last_touch_at, created_at, updated_at)
        select gen_random_uuid(), 'bench:' || n,
          (array['call','email','website','payment'])[1 + n % 4],
          (array['new','contacted','qualified','won','lost'])[1 + n % 5],
          gen_random_uuid(), '+4479' || lpad((10000000 + n)::text, 8, '0'),
          'lead' || n || '@example.com', 'Lead ' || n,
          ('00000000-0000-4000-8000-' || lpad((n % 50)::text, 12, '0'))::uuid,
          ('00000000-0000-4000-9000-' || lpad((n % 5)::text, 12, '0'))::uuid,
          t + interval '4 hours', t, t, t
        from (select n, now() - (n * interval '155 milliseconds') as t
              from generate_series(1, ${count}) as n) as seeded`)
      await db.$executeRawUnsafe(`analyze "${router.schema}".leads`)
      // The gateway's read model, as the LeadChanged of each lead would have filled it.
      for (let after: string | undefined; ;) {
        const leads = await db.lead.findMany({
          orderBy: { id: 'asc' },
          take: 5_000,
          ...(after ? { cursor: { id: after }, skip: 1 } : {}),
        })
        if (leads.length === 0) break
        await mirrorLeads(gateway.url, leads)
        after = leads.at(-1)?.id
      }
      await db.$executeRawUnsafe(`analyze "${gateway.schema}".lead_views`)
      return performance.now() - started
    },
    async drop() {
      for (const schema of [router.schema, gateway.schema])
        await db.$executeRawUnsafe(`drop schema if exists "${schema}" cascade`)
      await db.$disconnect()
    },
  }
}
