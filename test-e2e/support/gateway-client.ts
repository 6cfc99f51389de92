/** A lead as `GET /api/v1/leads` shows it. */
export interface Lead {
  id: string
  status: string
  source: string
  contactId: string | null
  phoneE164: string | null
  email: string | null
  name: string | null
  ownerId: string | null
  departmentId: string | null
  slaDueAt: string | null
  createdAt: string
  updatedAt: string
}

export interface ApiAnswer<T> {
  status: number
  body: T
}

/** The public REST API, signed in as one user (or with an API key). */
export interface GatewayClient {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>
  /** Every lead whose name, e-mail or phone matches `q`. */
  leads(q: string): Promise<Lead[]>
}

export function gatewayClient(baseUrl: string, authorization: string): GatewayClient {
  async function request<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
  }
  return {
    request,
    async leads(q) {
      const res = await request<{ data: Lead[] }>('GET', `/api/v1/leads?limit=200&q=${encodeURIComponent(q)}`)
      if (res.status !== 200) throw new Error(`GET /api/v1/leads answered ${res.status}`)
      return res.body.data
    },
  }
}

/** Signs in through `POST /api/v1/auth/token`. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<GatewayClient> {
  const res = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`)
  const { accessToken } = (await res.json()) as { accessToken: string }
  return gatewayClient(baseUrl, `Bearer ${accessToken}`)
}

/** Answers `expected` or throws with what the API said instead. */
export function expectStatus<T>(answer: ApiAnswer<T>, expected: number, what: string): T {
  if (answer.status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`)
  }
  return answer.body
}
