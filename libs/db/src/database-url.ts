/**
 * Each service keeps its tables in its own Postgres schema. The schema comes from the URL's
 * `?schema=` parameter when present (tests use it for isolation), else the service's default.
 */
export function schemaOf(databaseUrl: string, fallback: string): string {
  const schema = new URL(databaseUrl).searchParams.get('schema')
  return schema && schema.length > 0 ? schema : fallback
}

/** The same URL with its `schema` parameter set. */
export function withSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl)
  url.searchParams.set('schema', schema)
  return url.toString()
}

/**
 * pg connection settings for a service: the URL without its `schema` parameter (pg does not know
 * it), and the service's schema as the search path, so unqualified raw SQL sees its own tables.
 */
export function serviceConnection(
  databaseUrl: string,
  defaultSchema: string,
): { connectionString: string; options: string } {
  const url = new URL(databaseUrl)
  url.searchParams.delete('schema')
  return {
    connectionString: url.toString(),
    options: `-c search_path="${schemaOf(databaseUrl, defaultSchema)}"`,
  }
}
