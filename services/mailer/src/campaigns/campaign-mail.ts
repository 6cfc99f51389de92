import type { SignedTokens } from '../domain/signed-token.js'
import { renderTemplate } from '../domain/templates.js'
import type { OutgoingMail } from '../delivery/smtp-delivery.js'

export interface CampaignLinks {
  tokens: SignedTokens
  publicBaseUrl: string
  unsubscribeMailto: string
}

export const unsubscribePurpose = 'unsubscribe'

/** The per-recipient signed unsubscribe URL (`<PUBLIC_BASE_URL>/u/<token>`). */
export function unsubscribeUrl(links: CampaignLinks, recipientId: string): string {
  return new URL(`/u/${links.tokens.sign(unsubscribePurpose, recipientId)}`, links.publicBaseUrl).toString()
}

/** One campaign mail with the RFC 8058 one-click unsubscribe headers. */
export function campaignMail(
  links: CampaignLinks,
  campaign: { id: string; template: string; variables: Record<string, string> },
  recipient: { id: string; email: string; variables: Record<string, string> },
  domain: string,
): OutgoingMail {
  const url = unsubscribeUrl(links, recipient.id)
  const rendered = renderTemplate(campaign.template, {
    ...campaign.variables,
    ...recipient.variables,
    email: recipient.email,
    unsubscribeUrl: url,
  })
  const mailto = `mailto:${links.unsubscribeMailto}?subject=unsubscribe`
  return {
    to: [recipient.email],
    ...rendered,
    headers: {
      'List-Unsubscribe': `<${url}>, <${mailto}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    messageId: `<${campaign.id}.${recipient.id}@${domain}>`,
  }
}

/** The domain of a from address such as `Leadflow <news@example.com>`. */
export function senderDomain(fromAddress: string): string {
  const match = /@([^>\s]+)/.exec(fromAddress)
  return match?.[1] ?? 'leadflow.localhost'
}
