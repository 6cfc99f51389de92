export interface ConfigIssue {
  /** Environment variable name, e.g. `DATABASE_URL`. */
  variable: string
  /** Why it was refused; never contains the value. */
  reason: string
}

/** Formats issues one per line, ready to print before the process exits with status 1. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? 'problem' : 'problems'
  const lines = issues.map((issue) => `  ${issue.variable}: ${issue.reason}`)
  return [`Invalid configuration (${issues.length} ${noun}):`, ...lines].join('\n')
}

/** Thrown by `loadConfig`; its message names every bad or missing variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly issues: readonly ConfigIssue[]

  constructor(issues: readonly ConfigIssue[]) {
    super(formatConfigIssues(issues))
    this.issues = Object.freeze([...issues])
  }
}
