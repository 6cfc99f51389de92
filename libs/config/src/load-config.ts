import type { z } from 'zod'
import { ConfigError, type ConfigIssue } from './config-error.js'
import { deepFreeze, type DeepReadonly } from './deep-freeze.js'
import { findSecretMeta } from './secret.schema.js'
import { productionSecretMinLength, weakSecretReason, weakUrlPasswordReason } from './secret-strength.js'

export type Env = Readonly<Record<string, string | undefined>>

type Shape = Readonly<Record<string, z.core.$ZodType>>

/** Variables whose connection URL password is checked in production. */
const credentialUrlVariables = ['DATABASE_URL']

/**
 * Validates `env` against `schema` and returns a deeply frozen config.
 * Empty variables count as unset. Throws `ConfigError` naming every bad or missing variable;
 * with `NODE_ENV=production` weak, placeholder or default secrets are refused as well.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env): DeepReadonly<z.output<S>> {
  const input = withoutEmpty(env)
  const result = schema.safeParse(input)
  const production = input.NODE_ENV?.trim() === 'production' ? productionIssues(schema, input) : []
  const refused = new Set(production.map((issue) => issue.variable))
  const ordinary = result.success ? [] : zodIssues(result.error.issues, input)
  // A secret refused for production gets that one, more specific, reason.
  const issues = [...ordinary.filter((issue) => !refused.has(issue.variable)), ...production]

  if (issues.length > 0 || !result.success) throw new ConfigError(scrub(uniqueIssues(issues), schema, input))
  return deepFreeze(result.data)
}

function withoutEmpty(env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') out[key] = value
  return out
}

function zodIssues(zodIssues: readonly z.core.$ZodIssue[], input: Record<string, string>): ConfigIssue[] {
  return zodIssues.map((issue) => {
    const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(config)'
    const missing = issue.code === 'invalid_type' && issue.path.length === 1 && !(variable in input)
    return { variable, reason: missing ? 'is required but not set' : issue.message }
  })
}

function productionIssues(schema: z.ZodObject, input: Record<string, string>): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const shape: Shape = schema.shape
  for (const [variable, field] of Object.entries(shape)) {
    const meta = findSecretMeta(field)
    if (meta) {
      const value = input[variable]
      if (value === undefined) {
        issues.push({ variable, reason: 'is required in production (development defaults are refused)' })
        continue
      }
      if (value === meta.devDefault) {
        issues.push({ variable, reason: 'is the development default, refused in production' })
        continue
      }
      const reason = weakSecretReason(value, Math.max(meta.minLength, productionSecretMinLength))
      if (reason) issues.push({ variable, reason: `${reason}; refused in production` })
    }
  }
  // Fault-campaign crash points never run in production.
  if ('LEADFLOW_FAILPOINTS' in schema.shape && input.LEADFLOW_FAILPOINTS?.trim())
    issues.push({ variable: 'LEADFLOW_FAILPOINTS', reason: 'arms crash points; refused in production' })
  for (const variable of credentialUrlVariables) {
    const value = input[variable]
    const reason = value === undefined ? undefined : weakUrlPasswordReason(value)
    if (variable in schema.shape && reason)
      issues.push({ variable, reason: `${reason}; refused in production` })
  }
  return issues
}

function uniqueIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = `${issue.variable}\n${issue.reason}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Safety net: removes any secret value or URL password that a reason might still contain. */
function scrub(issues: ConfigIssue[], schema: z.ZodObject, input: Record<string, string>): ConfigIssue[] {
  const shape: Shape = schema.shape
  const sensitive: string[] = []
  for (const [variable, value] of Object.entries(input)) {
    const field = shape[variable]
    if (field && findSecretMeta(field)) sensitive.push(value)
    if (URL.canParse(value)) {
      const password = new URL(value).password
      if (password) sensitive.push(password, decodeURIComponent(password))
    }
  }
  const needles = sensitive.filter((value) => value.length >= 4)
  return issues.map((issue) => ({
    variable: issue.variable,
    reason: needles.reduce((reason, needle) => reason.split(needle).join('[redacted]'), issue.reason),
  }))
}
