import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

export interface ReceivedMail {
  to: string[]
  raw: string
  header(name: string): string | undefined
  /** The raw message with quoted-printable soft breaks and escapes decoded. */
  decoded: string
}

export interface SmtpPeerOptions {
  /** Answer 451 to the first N RCPT TO commands. */
  transientFailures?: number
  /** Answer 550 to these recipients. */
  reject?: string[]
  /** Require AUTH PLAIN/LOGIN with these credentials (anything else: 535). */
  password?: { user: string; pass: string }
  /** Require XOAUTH2 with this access token (anything else: 535). */
  accessToken?: string
  /** Wait this long before accepting each message. */
  delayMs?: number
}

export interface SmtpPeer {
  port: number
  url: string
  mails: ReceivedMail[]
  rcptAttempts: number
  authFailures: number
  options: SmtpPeerOptions
  close(): Promise<void>
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code })
}

function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? ''
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ')
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  return line?.slice(name.length + 1).trim()
}

/** A real SMTP server in-process on a random port, with failure injection. */
export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const peer = { mails: [] as ReceivedMail[], rcptAttempts: 0, authFailures: 0, options }
  const needsAuth = options.password !== undefined || options.accessToken !== undefined
  const config: SMTPServerOptions = {
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !needsAuth,
    authMethods: options.accessToken ? ['XOAUTH2'] : ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      const { password, accessToken } = peer.options
      const ok = accessToken
        ? auth.method === 'XOAUTH2' && auth.accessToken === accessToken
        : auth.username === password?.user && auth.password === password?.pass
      if (ok) return callback(null, { user: auth.username })
      peer.authFailures++
      callback(smtpError(535, 'Authentication credentials invalid'))
    },
    onRcptTo(address, _session, callback) {
      peer.rcptAttempts++
      if ((peer.options.transientFailures ?? 0) > 0) {
        peer.options.transientFailures = (peer.options.transientFailures ?? 0) - 1
        return callback(smtpError(451, 'Try again later'))
      }
      if (peer.options.reject?.includes(address.address)) return callback(smtpError(550, 'No such user'))
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        peer.mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          header: (name) => headerOf(raw, name),
          decoded: raw
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        })
        setTimeout(() => callback(null), peer.options.delayMs ?? 0)
      })
    },
  }
  const server = new SMTPServer(config)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return Object.assign(peer, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}
