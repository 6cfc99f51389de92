import { createHash } from 'node:crypto'
import type { EmailReceivedV1 } from '@leadflow/contracts'
import type { AddressObject, HeaderValue, ParsedMail } from 'mailparser'
import { classifyEmail } from './email-kind.js'

export const snippetLength = 500

/** Where a fetched message sits: the mailbox, folder and its IMAP identity. */
export interface MessageLocation {
  mailboxId: string
  folder: string
  uidValidity: number
  uid: number
  /** The server's INTERNALDATE (when it arrived), if known. */
  internalDate: Date | null
}

export interface ReceivedEmail {
  event: EmailReceivedV1
  /** Per-mailbox dedup key: the Message-ID, or a content hash when the header is missing. */
  dedupKey: string
}

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value]
  return list
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .filter((entry) => entry.address)
    .map((entry) => ({ address: (entry.address ?? '').toLowerCase(), name: entry.name }))
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(', ')
  if ('params' in value && typeof value.value === 'string') {
    const params = Object.entries(value.params).map(([k, v]) => `; ${k}=${v}`)
    return `${value.value}${params.join('')}`
  }
  return 'text' in value && typeof value.text === 'string' ? value.text : ''
}

function headerMap(parsed: ParsedMail): Map<string, string> {
  return new Map([...parsed.headers].map(([name, value]) => [name.toLowerCase(), headerText(value)]))
}

/** The start of the plain text (or of the HTML with its tags removed), whitespace collapsed. */
export function textSnippet(text: string | undefined, html: string | false | undefined): string {
  const source =
    text ?? (html ? html.replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ') : '')
  return source.replace(/\s+/g, ' ').trim().slice(0, snippetLength)
}

function references(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : value.split(/\s+/)).map((ref) => ref.trim()).filter(Boolean)
}

/**
 * A key that survives a UIDVALIDITY change: the Message-ID when present, else a hash of
 * what the sender wrote (date, sender, recipients, subject, text), never of the IMAP uid.
 */
export function dedupKeyOf(parsed: ParsedMail, from: string, to: readonly string[], snippet: string): string {
  const messageId = parsed.messageId?.trim()
  if (messageId) return messageId
  const parts = [parsed.date?.toISOString() ?? '', from, to.join(','), parsed.subject ?? '', snippet]
  return `sha256:${createHash('sha256').update(parts.join('\n')).digest('hex')}`
}

/** Turns a parsed message into the EmailReceived event keyed by the lower-cased sender. */
export function toEmailReceived(
  parsed: ParsedMail,
  at: MessageLocation,
  now: Date = new Date(),
): ReceivedEmail {
  const [sender] = addresses(parsed.from)
  const fromAddress = sender?.address ?? ''
  const to = addresses(parsed.to).map((entry) => entry.address)
  const snippet = textSnippet(parsed.text, parsed.html)
  const dedupKey = dedupKeyOf(parsed, fromAddress, to, snippet)
  const headers = headerMap(parsed)
  const event: EmailReceivedV1 = {
    eventId: `imap:${at.mailboxId}:${at.uidValidity}:${at.uid}`,
    mailboxId: at.mailboxId,
    folder: at.folder,
    messageId: dedupKey,
    fromAddress,
    fromName: sender?.name ? sender.name : null,
    to,
    subject: parsed.subject ?? '',
    textSnippet: snippet,
    inReplyTo: parsed.inReplyTo?.trim() ?? null,
    references: references(parsed.references),
    receivedAt: at.internalDate ?? parsed.date ?? now,
    kind: classifyEmail({
      headers,
      contentType: headers.get('content-type') ?? '',
      subject: parsed.subject ?? '',
      fromAddress,
    }),
    uid: at.uid,
    uidValidity: at.uidValidity,
  }
  return { event, dedupKey }
}
