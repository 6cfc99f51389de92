import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LocalHttp {
  url: string
  requests: { path: string; body: string; headers: IncomingMessage['headers'] }[]
  close(): Promise<void>
}

/** A small real HTTP server for the peers the mailer calls (gateway users, OAuth2 token endpoint). */
export async function startLocalHttp(
  handle: (path: string, body: string, req: IncomingMessage, res: ServerResponse) => void,
): Promise<LocalHttp> {
  const requests: LocalHttp['requests'] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body, headers: req.headers })
      handle(req.url ?? '', body, req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** The gateway's `GET /internal/v1/users/:id`, with the service token check. */
export function usersServer(token: string, users: Map<string, { email: string; name: string }>) {
  return startLocalHttp((path, _body, req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { code: 'unauthorized' })
    const match = /^\/internal\/v1\/users\/([^/?]+)$/.exec(path)
    const user = match ? users.get(decodeURIComponent(match[1] ?? '')) : undefined
    if (!match || !user) return json(res, 404, { code: 'not_found', status: 404, detail: 'no such user' })
    json(res, 200, { id: match[1], ...user })
  })
}
