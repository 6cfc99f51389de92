/**
 * The `Name: value` field groups of a message/delivery-status (RFC 3464) or
 * message/feedback-report (RFC 5965) body: groups are separated by blank lines, folded lines
 * are joined, names are lower-cased, and a field given more than once keeps every value.
 */
export type FieldGroup = Map<string, string[]>

export function parseFieldGroups(text: string): FieldGroup[] {
  const groups: FieldGroup[] = []
  let current: FieldGroup | undefined
  let last: { name: string; index: number } | undefined
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      current = undefined
      last = undefined
      continue
    }
    if (/^[ \t]/.test(line) && current && last) {
      const values = current.get(last.name) ?? []
      values[last.index] = `${values[last.index] ?? ''} ${line.trim()}`
      continue
    }
    const match = /^([!-9;-~]+):\s*(.*)$/.exec(line)
    if (!match) continue
    if (!current) {
      current = new Map()
      groups.push(current)
    }
    const name = (match[1] ?? '').toLowerCase()
    const values = current.get(name) ?? []
    values.push((match[2] ?? '').trim())
    current.set(name, values)
    last = { name, index: values.length - 1 }
  }
  return groups
}

export const field = (group: FieldGroup, name: string): string | null => group.get(name)?.[0] ?? null

/** The address of an `rfc822; user@example.com` or `<user@example.com>` value, lower-cased. */
export function addressOf(value: string | null): string | null {
  if (!value) return null
  const typed = /^\s*([\w-]+)\s*;\s*(.*)$/.exec(value)
  if (typed && (typed[1] ?? '').toLowerCase() !== 'rfc822') return null
  const address = (typed ? (typed[2] ?? '') : value)
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim()
  return /^[^@\s<>]+@[^@\s<>]+$/.test(address) ? address.toLowerCase() : null
}

/** The enhanced status code (RFC 3463) in a `Status:` value or an SMTP diagnostic, e.g. `5.1.1`. */
export function statusCodeOf(value: string | null): string | null {
  return /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(value ?? '')?.[0] ?? null
}

/** The class of a diagnostic without an enhanced code: `smtp; 550 No such user` → 5. */
export function replyClassOf(diagnostic: string | null): number | null {
  const code = /(?:^|;\s*)([245])\d\d\b/.exec(diagnostic ?? '')?.[1]
  return code ? Number(code) : null
}

/** Message-IDs in header lines of a returned message or its headers (`<id@host>`). */
export function messageIdsIn(text: string): string[] {
  const ids = new Set<string>()
  const unfolded = text.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ')
  for (const match of unfolded.matchAll(/^message-id:\s*(<[^<>\s]+>)/gim)) if (match[1]) ids.add(match[1])
  return [...ids]
}
