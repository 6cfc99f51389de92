import { spawn, type ChildProcess } from 'node:child_process'
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A real dovecot IMAP server on a free loopback port, for one test file. */
export interface DovecotServer {
  host: string
  port: number
  dir: string
  stop(): Promise<void>
}

/** A throw-away test configuration: plaintext auth on loopback, maildir under a temp dir. */
const referenceConfig = new URL('./dovecot.conf.in', import.meta.url)
const nobody = { uid: 65534, gid: 65534 }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}

/** Resolves once the server sends its IMAP greeting, or rejects at the deadline. */
async function waitForGreeting(port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`)
    const greeted = await new Promise<boolean>((resolve) => {
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
    if (greeted) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`dovecot did not answer on port ${port} in time`)
}

/**
 * Starts `dovecot -F` with the reference test configuration (plaintext auth, maildir under a
 * temp dir) on a free port, with the given `user → password` accounts.
 */
export async function startDovecot(
  users: Record<string, string>,
  extraConfig: readonly string[] = [],
): Promise<DovecotServer> {
  const dir = await mkdtemp(join(tmpdir(), 'leadflow-dovecot-'))
  await chmod(dir, 0o755)
  await Promise.all(['run', 'state', 'mail'].map((sub) => mkdir(join(dir, sub), { recursive: true })))
  await chown(join(dir, 'mail'), nobody.uid, nobody.gid)
  const port = await freePort()
  const template = await readFile(referenceConfig, 'utf8')
  const config = [
    template.replaceAll('@DIR@', dir).replace('port = 1143', `port = ${port}`),
    ...extraConfig,
  ].join('\n')
  const configPath = join(dir, 'dovecot.conf')
  await writeFile(configPath, config)
  const lines = Object.entries(users).map(([user, password]) => `${user}:{PLAIN}${password}`)
  await writeFile(join(dir, 'users'), `${lines.join('\n')}\n`, { mode: 0o644 })

  const child = spawn('/usr/sbin/dovecot', ['-F', '-c', configPath], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await waitForGreeting(port, child, Date.now() + 20_000)
  } catch (err) {
    child.kill('SIGKILL')
    await exited
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')
    throw new Error(`${(err as Error).message}\n${log}`)
  }

  return {
    host: '127.0.0.1',
    port,
    dir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
