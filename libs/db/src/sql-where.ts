/** A parameter placeholder: `p(value)` adds the value and returns its `$n`. */
export type Param = (value: unknown) => string

/** Conditions with numbered parameters: `where.add((p) => `status = ${p(value)}`)`. */
export function sqlWhere() {
  const params: unknown[] = []
  const clauses: string[] = []
  const param: Param = (value) => `$${params.push(value)}`
  return {
    params,
    param,
    add: (clause: (p: Param) => string) => void clauses.push(clause(param)),
    sql: () => (clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''),
  }
}

/**
 * A timestamptz column as ISO 8601 UTC text with milliseconds, exactly what `Date#toISOString`
 * writes (`MS` truncates as a JS Date does): no timestamp parsing in the driver, no Date objects.
 */
export const isoText = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** `text` with LIKE's wildcards escaped, to match literally. */
export const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/**
 * Name or e-mail containing `q` (any case), or a phone typed in any format matched by its digits
 * against an E.164 column (national numbers match by their tail, so a leading 0 is dropped).
 */
export function personSearch(
  q: string,
  p: Param,
  columns = { name: 'name', email: 'email', phone: 'phone_e164' },
): string {
  const digits = q.replace(/\D/g, '')
  const or = [
    `${columns.name} ILIKE ${p(`%${likeEscaped(q)}%`)}`,
    `${columns.email} ILIKE ${p(`%${likeEscaped(q.trim().toLowerCase())}%`)}`,
  ]
  if (digits.length >= 5) or.push(`${columns.phone} LIKE ${p(`%${digits.replace(/^0+/, '')}%`)}`)
  return `(${or.join(' OR ')})`
}

/**
 * Names for prepared statements: each distinct text gets one, so a statement is parsed and planned
 * once per connection. Meant for a bounded set of texts (combinations of optional filters).
 */
export function statementNames(prefix: string): (sql: string) => string {
  const names = new Map<string, string>()
  return (sql) => {
    let name = names.get(sql)
    if (!name) names.set(sql, (name = `${prefix}-${names.size}`))
    return name
  }
}
