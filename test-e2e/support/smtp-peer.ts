import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface CaughtMail {
  to: string[]
  subject: string
  raw: string
}

/** A real SMTP server that catches what the mailer sends. */
export interface SmtpPeer {
  url: string
  mails: CaughtMail[]
  /** Recipients answered `451 try again later` while listed (a mailbox that is temporarily down). */
  deferred: Set<string>
  /** RCPT TO attempts per recipient, accepted or not. */
  attempts: Map<string, number>
  mailsTo(address: string): CaughtMail[]
  close(): Promise<void>
}

function unfoldedHeader(raw: string, name: string): string {
  const head = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ')
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  return line?.slice(name.length + 1).trim() ?? ''
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const mails: CaughtMail[] = []
  const deferred = new Set<string>()
  const attempts = new Map<string, number>()
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase()
      attempts.set(to, (attempts.get(to) ?? 0) + 1)
      if (deferred.has(to)) {
        return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }))
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase())
        mails.push({ to, subject: unfoldedHeader(raw, 'subject'), raw })
        callback(null)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    deferred,
    attempts,
    mailsTo: (address) => mails.filter((mail) => mail.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
