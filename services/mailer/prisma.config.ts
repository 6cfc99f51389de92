import { defineConfig } from 'prisma/config'
import { MigrationAdapter } from '@leadflow/db'

// CLI only: migrations run through Prisma's WASM schema engine in this service's own schema.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: () => Promise.resolve(new MigrationAdapter(process.env.DATABASE_URL ?? '', 'mailer')),
})
