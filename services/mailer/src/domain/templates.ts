/** The built-in mail templates, rendered with every variable escaped for its context. */
export interface RenderedMail {
  subject: string
  text: string
  html: string
}

type Vars = Readonly<Record<string, string>>

interface Template {
  subject: string
  /** Paragraphs; `{{name}}` placeholders. A paragraph that is only `{{link:var}}` becomes a link. */
  body: readonly string[]
}

const templates: Record<string, Template> = {
  'lead-assigned': {
    subject: 'New lead assigned to you: {{leadName}}',
    body: [
      'Hello {{recipientName}},',
      'A lead was assigned to you ({{reason}}).',
      'Lead: {{leadName}} {{phone}} {{email}}',
      '{{link:leadUrl}}',
    ],
  },
  'lead-escalated': {
    subject: 'Lead escalated: {{leadName}} missed its first-response deadline',
    body: [
      'Hello {{recipientName}},',
      'The lead {{leadName}} was not answered before {{slaDueAt}} and was escalated ({{action}}).',
      '{{link:leadUrl}}',
    ],
  },
  campaign: {
    subject: '{{subject}}',
    body: ['{{greeting}}', '{{body}}', 'To stop receiving these mails: {{link:unsubscribeUrl}}'],
  },
  'subscription-confirm': {
    subject: 'Please confirm your subscription to {{list}}',
    body: [
      'Someone (hopefully you) asked to receive {{list}} at this address.',
      'Confirm with this link; if it was not you, ignore this mail.',
      '{{link:confirmUrl}}',
    ],
  },
  'mailbox-alert': {
    subject: 'Mailbox {{mailbox}}: {{errorType}}',
    body: ['The mailbox {{mailbox}} reported {{errorType}}.', '{{detail}}'],
  },
}

/** Aliases used by other services' requests. */
const aliases: Record<string, string> = { 'lead-assigned-owner': 'lead-assigned' }

export const templateNames = Object.keys(templates)

export function hasTemplate(name: string): boolean {
  return (aliases[name] ?? name) in templates
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** Header values never carry line breaks (no header injection through a variable). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim()
}

function fill(text: string, vars: Vars, escape: (v: string) => string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => escape(vars[name] ?? ''))
}

function isSafeUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol)
}

export function renderTemplate(name: string, vars: Vars): RenderedMail {
  const template = templates[aliases[name] ?? name]
  if (!template) throw new Error(`unknown template ${name}`)
  const text: string[] = []
  const html: string[] = []
  for (const paragraph of template.body) {
    const link = /^\{\{link:(\w+)\}\}$/.exec(paragraph)
    if (link) {
      const url = vars[link[1] ?? ''] ?? ''
      if (!isSafeUrl(url)) continue
      text.push(url)
      html.push(`<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`)
      continue
    }
    const plain = fill(paragraph, vars, (v) => v).trim()
    if (plain.length === 0) continue
    text.push(plain)
    html.push(`<p>${fill(paragraph, vars, escapeHtml).trim()}</p>`)
  }
  return {
    subject: oneLine(fill(template.subject, vars, (v) => v)),
    text: `${text.join('\n\n')}\n`,
    html: `<!doctype html><html><body>${html.join('')}</body></html>`,
  }
}
