/**
 * Delivery status notifications (RFC 3464) as real MTAs send them (Postfix, Exchange Online, a
 * relay reporting two recipients), with CRLF line endings.
 */

export const crlf = (text: string) => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8')

export interface Original {
  to: string
  messageId: string
  from?: string
}

/** Postfix: one recipient per group, the original's headers as text/rfc822-headers. */
export function postfixBounce(
  original: Original,
  { status = '5.1.1', action = 'failed', reportId = '<20260302100003.3F1A2C0@mx.example.net>' } = {},
) {
  const reply = status.startsWith('4') ? '450 4.2.0 Mailbox busy' : `550 ${status} User unknown`
  return crlf(`Return-Path: <>
Received: by mx.example.net (Postfix) id 3F1A2C0; Mon,  2 Mar 2026 10:00:03 +0000 (UTC)
Date: Mon,  2 Mar 2026 10:00:03 +0000 (UTC)
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: ${action === 'delayed' ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender'}
To: ${original.from ?? 'news@leadflow.test'}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="3F1A2C0.1772445603/mx.example.net"
Message-Id: ${reportId}

This is a MIME-encapsulated message.

--3F1A2C0.1772445603/mx.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<${original.to}>: host mx.example.net[192.0.2.25] said: ${reply}
    (in reply to RCPT TO command)

--3F1A2C0.1772445603/mx.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 3F1A2C0
X-Postfix-Sender: rfc822; news@leadflow.test
Arrival-Date: Mon,  2 Mar 2026 10:00:01 +0000 (UTC)

Final-Recipient: rfc822; ${original.to}
Original-Recipient: rfc822;${original.to.toUpperCase()}
Action: ${action}
Status: ${status}
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; ${reply}
    (in reply to RCPT TO command)

--3F1A2C0.1772445603/mx.example.net
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Return-Path: <news@leadflow.test>
From: Leadflow <news@leadflow.test>
To: ${original.to}
Subject: Spring offer
Message-ID: ${original.messageId}
List-Unsubscribe-Post: List-Unsubscribe=One-Click

--3F1A2C0.1772445603/mx.example.net--
`)
}

/** Exchange Online: a 5.1.10 NDR with the whole original as message/rfc822. */
export function exchangeNdr(original: Original) {
  return crlf(`From: Microsoft Outlook <postmaster@contoso.example>
To: <news@leadflow.test>
Date: Tue, 3 Mar 2026 09:14:22 +0000
Subject: Undeliverable: Spring offer
Content-Type: multipart/report; report-type=delivery-status;
	boundary="_000_ndr_boundary_"
MIME-Version: 1.0
Message-ID: <7a1c8f0e-ndr@DM6PR01MB0001.prod.outlook.example>
Auto-Submitted: auto-replied

--_000_ndr_boundary_
Content-Type: text/plain; charset="us-ascii"

Your message to ${original.to} couldn't be delivered.
${original.to.split('@')[0]} wasn't found at contoso.example.

--_000_ndr_boundary_
Content-Type: message/delivery-status

Reporting-MTA: dns;DM6PR01MB0001.prod.outlook.example
Received-From-MTA: dns;mail.leadflow.test
Arrival-Date: Tue, 3 Mar 2026 09:14:21 +0000

Original-Recipient: rfc822;${original.to}
Final-Recipient: rfc822;${original.to}
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient
 not found by SMTP address lookup

--_000_ndr_boundary_
Content-Type: message/rfc822

From: Leadflow <news@leadflow.test>
To: <${original.to}>
Subject: Spring offer
Date: Tue, 3 Mar 2026 09:14:20 +0000
Message-ID: ${original.messageId}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Ten percent off this week.

--_000_ndr_boundary_--
`)
}

/** Two recipients in one report: one gone for good, one still being retried. */
export function mixedReport(gone: Original, slow: string) {
  return crlf(`From: Mail Delivery Subsystem <mailer-daemon@relay.example.org>
To: news@leadflow.test
Subject: Delivery Status Notification
Date: Wed, 4 Mar 2026 11:00:00 +0000
Content-Type: multipart/report; report-type="delivery-status"; boundary="mixed-7"
MIME-Version: 1.0

--mixed-7
Content-Type: text/plain

Delivery to some recipients failed or is delayed.

--mixed-7
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.org

Final-Recipient: rfc822; <${gone.to}>
Action: failed
Diagnostic-Code: smtp; 550 Requested action not taken: mailbox unavailable

Final-Recipient: rfc822; ${slow}
Action: delayed
Status: 4.4.1
Will-Retry-Until: Thu, 5 Mar 2026 11:00:00 +0000
Diagnostic-Code: smtp; 421 4.4.1 Connection timed out

--mixed-7
Content-Type: text/rfc822-headers

Message-ID: ${gone.messageId}
To: ${gone.to}, ${slow}

--mixed-7--
`)
}
