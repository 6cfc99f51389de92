import { randomUUID } from 'node:crypto'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type Gateway } from './gateway-harness.js'

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

describe('API docs in a real headless Chromium', () => {
  let gw: Gateway
  let browser: Browser
  beforeAll(async () => {
    gw = await startGateway({ CORS_ORIGINS: 'https://app.example.com' })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
  })
  afterAll(async () => {
    await browser?.close()
    await gw?.stop()
  })

  it('renders the operations, and "Try it out" → "Execute" on the login shows the 401 answer', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(err.message))
    page.on('console', (msg) => {
      // The 401 the test provokes on purpose is reported by the browser console too.
      if (msg.type() === 'error' && !msg.text().includes('status of 401')) problems.push(msg.text())
    })
    const response = await page.goto(`${gw.url}/api/docs`, { waitUntil: 'load' })
    expect(response?.status()).toBe(200)

    const login = page.locator('.opblock', { has: page.locator('[data-path="/api/v1/auth/token"]') })
    await login.first().waitFor({ timeout: 20_000 })
    const paths = await page.locator('.opblock-summary-path').allTextContents()
    for (const path of ['/api/v1/auth/token', '/api/v1/leads', '/api/v1/users', '/api/v1/audit-log'])
      expect(paths.map((p) => p.replace(/\u200b/g, ''))).toContain(path)

    await login.first().locator('.opblock-summary').click()
    await login.first().getByRole('button', { name: 'Try it out' }).click()
    const body = login.first().locator('textarea.body-param__text')
    await body.fill(
      JSON.stringify({ email: `nobody-${randomUUID()}@leadflow.test`, password: 'wrong-password' }),
    )
    await login.first().getByRole('button', { name: 'Execute' }).click()

    const status = login.first().locator('.live-responses-table tr.response .response-col_status').first()
    await status.waitFor({ timeout: 20_000 })
    expect((await status.textContent())?.trim()).toMatch(/^401/)
    const shown = await login.first().locator('.live-responses-table .microlight').first().textContent()
    expect(shown).toContain('invalid_credentials')
    expect(problems).toEqual([])
    await page.close()
  })

  it('answers CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${gw.url}/api/v1/auth/token`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
    const allowed = await preflight('https://app.example.com')
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    const refused = await preflight('https://evil.example')
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('relaxes the Content-Security-Policy only for the docs page', async () => {
    const docs = await fetch(`${gw.url}/api/docs/static/index.html`)
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'")
    const api = await fetch(`${gw.url}/healthz`)
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
  })
})
