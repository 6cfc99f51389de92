/** The columns of `GET /leads/export.csv`, in order: the public lead fields. */
export const leadCsvColumns = [
  'id',
  'status',
  'source',
  'name',
  'email',
  'phoneE164',
  'contactId',
  'ownerId',
  'departmentId',
  'slaDueAt',
  'firstResponseAt',
  'createdAt',
  'updatedAt',
] as const

export type LeadCsvRow = Partial<Record<(typeof leadCsvColumns)[number], string | null>>

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const formulaStart = /^[=+\-@\t\r]/

/**
 * One CSV cell (RFC 4180): text that a spreadsheet would run as a formula is prefixed with `'`,
 * and a cell holding a comma, quote, CR or LF is quoted with its quotes doubled.
 */
export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return ''
  const safe = formulaStart.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** One CSV line, CRLF-terminated. */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

export const leadCsvHeader = csvLine(leadCsvColumns)

export function leadCsvLine(lead: LeadCsvRow): string {
  return csvLine(leadCsvColumns.map((column) => lead[column]))
}
