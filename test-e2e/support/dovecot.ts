import { spawn } from 'node:child_process'
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './processes.js'
import { FatalWaitError, waitFor } from './wait.js'

/** A real dovecot IMAP server on a loopback port: plaintext login, maildir in a temp dir. */
export interface Dovecot {
  host: string
  port: number
  stop(): Promise<void>
}

const nobody = { uid: 65534, gid: 65534 }

function config(dir: string, port: number): string {
  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.setTimeout(1000)
    socket.once('data', (chunk: Buffer) => {
      socket.destroy()
      resolve(chunk.toString().startsWith('* OK'))
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** Starts `dovecot -F` with the given `user → password` accounts. */
export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'leadflow-e2e-dovecot-'))
  await chmod(dir, 0o755)
  await Promise.all(['run', 'state', 'mail'].map((sub) => mkdir(join(dir, sub), { recursive: true })))
  await chown(join(dir, 'mail'), nobody.uid, nobody.gid)
  const port = await freePort()
  const configPath = join(dir, 'dovecot.conf')
  await writeFile(configPath, config(dir, port))
  const lines = Object.entries(users).map(([user, password]) => `${user}:{PLAIN}${password}`)
  await writeFile(join(dir, 'users'), `${lines.join('\n')}\n`, { mode: 0o644 })

  const child = spawn('/usr/sbin/dovecot', ['-F', '-c', configPath], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitFor(
      'dovecot to greet',
      async () => {
        if (child.exitCode !== null) throw new FatalWaitError(`dovecot exited with ${child.exitCode}`)
        return greets(port)
      },
      20_000,
      50,
    )
  } catch (err) {
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')
    await stop()
    throw new Error(`${(err as Error).message}\n${log}`)
  }
  return { host: '127.0.0.1', port, stop }
}
