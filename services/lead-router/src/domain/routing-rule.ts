import { z } from 'zod'
import { businessHoursSchema } from './business-hours.js'

/** What a routing rule can match on; every given field must match (AND). */
export const ruleMatchSchema = z
  .object({
    kinds: z.array(z.enum(['call', 'email', 'form', 'payment'])).optional(),
    provider: z.string().min(1).optional(),
    did: z.string().min(1).optional(),
    mailbox: z.string().min(1).optional(),
    form: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    country: z.string().length(2).optional(),
    /** Matches when the event happens inside (or, with `outside: true`, outside) these hours. */
    timeWindow: z
      .object({
        hours: businessHoursSchema,
        timezone: z.string().default('UTC'),
        outside: z.boolean().default(false),
      })
      .optional(),
  })
  .strict()
export type RuleMatch = z.infer<typeof ruleMatchSchema>

/** The facts of an inbound touch that rules look at. */
export interface RoutingFacts {
  kind: 'call' | 'email' | 'form' | 'payment'
  source: string
  provider?: string | null
  did?: string | null
  mailbox?: string | null
  form?: string | null
  country?: string | null
  at: Date
}

export interface RuleTarget {
  id: string
  priority: number
  match: RuleMatch
  departmentId: string | null
  ownerId: string | null
}

const digits = (value: string): string => value.replace(/\D/g, '')

function localWeekdayAndMinutes(at: Date, timeZone: string): { weekday: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at)
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0'
  return { weekday: get('weekday').toLowerCase(), minutes: Number(get('hour')) * 60 + Number(get('minute')) }
}

function inWindow(window: NonNullable<RuleMatch['timeWindow']>, at: Date): boolean {
  const { weekday, minutes } = localWeekdayAndMinutes(at, window.timezone)
  const intervals = window.hours[weekday as keyof typeof window.hours] ?? []
  const inside = intervals.some(([from, to]) => {
    const [fh = 0, fm = 0] = from.split(':').map(Number)
    const [th = 0, tm = 0] = to.split(':').map(Number)
    return minutes >= fh * 60 + fm && minutes < th * 60 + tm
  })
  return window.outside ? !inside : inside
}

const sameText = (a: string | null | undefined, b: string): boolean =>
  a !== null && a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase()

/** Whether one rule's match applies to the facts of a touch. */
export function ruleMatches(match: RuleMatch, facts: RoutingFacts): boolean {
  if (match.kinds && !match.kinds.includes(facts.kind)) return false
  if (match.provider !== undefined && !sameText(facts.provider, match.provider)) return false
  if (match.did !== undefined && (!facts.did || digits(facts.did) !== digits(match.did))) return false
  if (match.mailbox !== undefined && !sameText(facts.mailbox, match.mailbox)) return false
  if (match.form !== undefined && !sameText(facts.form, match.form)) return false
  if (match.source !== undefined && !sameText(facts.source, match.source)) return false
  if (match.country !== undefined && !sameText(facts.country, match.country)) return false
  if (match.timeWindow && !inWindow(match.timeWindow, facts.at)) return false
  return true
}

/** The first matching rule by priority (lower first, then id for a stable order), if any. */
export function pickRule<R extends RuleTarget>(rules: readonly R[], facts: RoutingFacts): R | undefined {
  return [...rules]
    .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id))
    .find((rule) => ruleMatches(rule.match, facts))
}
