/** Complaint reports from feedback loops, and mail that only looks like a report. */
import { crlf, type Original } from './report-samples.js'

/** ARF (RFC 5965) from a feedback loop; `rcptTo: null` is a provider that redacts the address. */
export function arfComplaint(
  original: Original,
  options: { rcptTo?: string | null; feedbackType?: string; reportId?: string } = {},
) {
  const { feedbackType = 'abuse', reportId = '<arf-0001@fbl.mail.example>' } = options
  const rcptTo = options.rcptTo === undefined ? original.to : options.rcptTo
  return crlf(`From: Feedback Loop <fbl@mail.example>
To: abuse@leadflow.test
Subject: FW: Spring offer
Date: Thu, 5 Mar 2026 08:12:45 -0800
Message-ID: ${reportId}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
     boundary="part1_13d.2e68ed54_boundary"

--part1_13d.2e68ed54_boundary
Content-Type: text/plain; charset="US-ASCII"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP
192.0.2.10 on Thu, 5 Mar 2026 08:00:00 -0800.

--part1_13d.2e68ed54_boundary
Content-Type: message/feedback-report

Feedback-Type: ${feedbackType}
User-Agent: SomeGenerator/1.0
Version: 1
Original-Mail-From: <bounces@leadflow.test>
${rcptTo ? `Original-Rcpt-To: <${rcptTo}>\n` : ''}Arrival-Date: Thu, 5 Mar 2026 08:00:00 -0800
Reported-Domain: leadflow.test
Source-IP: 192.0.2.10

--part1_13d.2e68ed54_boundary
Content-Type: message/rfc822
Content-Disposition: inline

From: Leadflow <news@leadflow.test>
To: ${rcptTo ?? 'redacted@mail.example'}
Subject: Spring offer
Date: Thu, 5 Mar 2026 07:59:00 -0800
Message-ID: ${original.messageId}
List-Unsubscribe: <https://leadflow.test/u/x>

Ten percent off this week.
--part1_13d.2e68ed54_boundary--
`)
}

/** A read receipt (RFC 8098) is a report too, but says nothing about delivery. */
export function readReceipt() {
  return crlf(`From: Ann <ann@example.com>
To: news@leadflow.test
Subject: Read: Spring offer
Message-ID: <mdn-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn"

--mdn
Content-Type: text/plain

Your message was displayed.

--mdn
Content-Type: message/disposition-notification

Final-Recipient: rfc822; ann@example.com
Disposition: manual-action/MDN-sent-manually; displayed

--mdn--
`)
}

/** An out-of-office reply: not a report at all. */
export function outOfOffice() {
  return crlf(`From: Ann <ann@example.com>
To: news@leadflow.test
Subject: Out of office: Spring offer
Auto-Submitted: auto-replied
Message-ID: <ooo-1@example.com>
Content-Type: text/plain

I am away until Monday.
`)
}
