// Used only by `prisma migrate` (prisma.config.ts), never by a running service.
//
// Prisma 6.19's WASM schema engine drives migrations through @prisma/adapter-pg, which needs three
// corrections here: catalog columns of type name/char (and their arrays) are reported as text so
// the adapter can read them; a migration script is sent whole (the adapter splits it at every
// `;`, inside comments and function bodies too), so it runs as one implicit transaction (no
// `CREATE INDEX CONCURRENTLY` in a migration, none uses it); and the shadow database is created, connected
// and dropped by the adapter itself (closing its pool before the drop).
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { schemaOf } from './database-url.js'

const CATALOG_TYPES_AS_TEXT: Record<number, number> = {
  18: 25, // char
  19: 25, // name
  22: 25, // int2vector
  24: 25, // regproc
  30: 25, // oidvector
  194: 25, // pg_node_tree
  2205: 25, // regclass
  1002: 1009, // char[]
  1003: 1009, // name[]
}

interface QueryResultLike {
  fields?: { dataTypeID: number }[]
}

function remapTypes<T>(result: T): T {
  for (const res of Array.isArray(result) ? (result as QueryResultLike[]) : [result as QueryResultLike]) {
    for (const field of res?.fields ?? []) {
      const mapped = CATALOG_TYPES_AS_TEXT[field.dataTypeID]
      if (mapped !== undefined) field.dataTypeID = mapped
    }
  }
  return result
}

type Callback = (err: Error | null, res: unknown) => void

class CatalogTypesAsTextClient extends pg.Client {
  // pg.Pool calls query() with a callback; direct callers get a promise. Both are remapped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last: unknown = args[args.length - 1]
    if (typeof last === 'function') {
      const cb = last as Callback
      args[args.length - 1] = (err: Error | null, res: unknown) => cb(err, err ? res : remapTypes(res))
    }
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
    const out = (super.query as (...a: unknown[]) => unknown)(...args)
    return out instanceof Promise ? out.then(remapTypes) : out
  }
}

function poolConfig(databaseUrl: string, defaultSchema: string, database?: string): pg.PoolConfig {
  const url = new URL(databaseUrl)
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database ?? url.pathname.slice(1),
    Client: CatalogTypesAsTextClient,
    options: `-c search_path="${schemaOf(databaseUrl, defaultSchema)}"`,
  }
}

type Connected = Awaited<ReturnType<PrismaPg['connect']>>

/** Runs each script as one multi-statement query (one implicit transaction) instead of split at `;`. */
function wholeScripts(adapter: Connected): Connected {
  const { client, onError } = adapter as unknown as { client: pg.Pool; onError: (error: unknown) => never }
  adapter.executeScript = async (script: string) => {
    try {
      await client.query(script)
    } catch (error) {
      onError.call(adapter, error)
    }
  }
  return adapter
}

export class MigrationAdapter extends PrismaPg {
  constructor(
    private readonly databaseUrl: string,
    private readonly defaultSchema: string,
  ) {
    super(poolConfig(databaseUrl, defaultSchema), { schema: schemaOf(databaseUrl, defaultSchema) })
  }

  override async connect() {
    return wholeScripts(await super.connect())
  }

  override async connectToShadowDb() {
    const admin = await this.connect()
    const database = `prisma_shadow_${globalThis.crypto.randomUUID().replaceAll('-', '')}`
    await admin.executeScript(`CREATE DATABASE "${database}"`)
    const shadow = wholeScripts(
      await new PrismaPg(poolConfig(this.databaseUrl, this.defaultSchema, database), {
        schema: schemaOf(this.databaseUrl, this.defaultSchema),
      }).connect(),
    )
    const closeShadow = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await closeShadow()
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`)
      await admin.dispose()
    }
    return shadow
  }
}
