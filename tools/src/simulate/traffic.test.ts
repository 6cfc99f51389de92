import { describe, expect, it } from 'vitest'
import { normalizePhone } from '@leadflow/phone'
import type { Delivery, Targets } from './delivery.js'
import { devSecrets, parseOptions } from './options.js'
import { parseMix, Traffic, type TrafficOptions } from './traffic.js'

const targets: Targets = { ingestUrl: 'http://ingest.test', inboundSource: 'sim', secrets: devSecrets }
const base: TrafficOptions = {
  seed: 42,
  mix: { zadarma: 4, onlinepbx: 2, stripe: 2, lead: 3, call: 1, mail: 1 },
  redeliveryShare: 0.05,
  repeatShare: 0.25,
  mailTo: 'sales@leadflow.localhost',
  now: () => Date.UTC(2026, 0, 15, 10),
}
const take = (options: TrafficOptions, n: number): Delivery[] => {
  const traffic = new Traffic(options)
  return Array.from({ length: n }, () => traffic.next())
}
const bodyOf = (d: Delivery) =>
  d.kind === 'http' ? d.request(targets, Date.UTC(2026, 0, 15, 10)).init.body : d.raw

describe('simulated traffic', () => {
  it('is the same for the same seed and different for another', () => {
    const a = take(base, 300).map(bodyOf)
    expect(take(base, 300).map(bodyOf)).toEqual(a)
    expect(take({ ...base, seed: 43 }, 300).map(bodyOf)).not.toEqual(a)
  })

  it('sends each Zadarma call in order START → ANSWER → END → RECORD, interleaved with other traffic', () => {
    const order = ['NOTIFY_START', 'NOTIFY_ANSWER', 'NOTIFY_END', 'NOTIFY_RECORD']
    const seen = new Map<string, string[]>()
    const firsts = take({ ...base, redeliveryShare: 0 }, 2000).filter((d) => d.channel === 'zadarma')
    for (const d of firsts) {
      const [callId = '', event = ''] = d.eventId.split(':')
      seen.set(callId, [...(seen.get(callId) ?? []), event])
    }
    let complete = 0
    for (const events of seen.values()) {
      const ranks = events.map((e) => order.indexOf(e))
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y))
      expect(events[0]).toBe('NOTIFY_START')
      if (events.includes('NOTIFY_RECORD')) complete++
    }
    expect(complete).toBeGreaterThan(50)
  })

  it('redelivers some events with the same id, about the share asked for', () => {
    const all = take(base, 2000)
    const again = all.filter((d) => d.redelivery)
    expect(again.length).toBeGreaterThan(50)
    expect(again.length).toBeLessThan(200)
    const firstIds = new Set(all.filter((d) => !d.redelivery).map((d) => `${d.channel}/${d.eventId}`))
    for (const d of again) expect(firstIds.has(`${d.channel}/${d.eventId}`)).toBe(true)
  })

  it('uses valid E.164 numbers from several countries, with repeat callers', () => {
    const callers = take({ ...base, mix: { call: 1 }, redeliveryShare: 0 }, 400).map(
      (d) => (JSON.parse(bodyOf(d)) as { data: { caller: string } }).data.caller,
    )
    const countries = new Set(callers.map((c) => normalizePhone(c).country))
    for (const c of callers) expect(normalizePhone(c).e164).toBe(c)
    expect(countries.size).toBeGreaterThanOrEqual(4)
    expect(new Set(callers).size).toBeLessThan(callers.length * 0.9)
  })

  it('follows the mix: a channel with weight 0 never appears, shares follow the weights', () => {
    const all = take({ ...base, mix: parseMix('stripe=3,lead=1'), redeliveryShare: 0 }, 1000)
    const stripe = all.filter((d) => d.channel === 'stripe').length
    expect(all.every((d) => d.channel === 'stripe' || d.channel === 'lead')).toBe(true)
    expect(stripe / all.length).toBeGreaterThan(0.65)
    expect(stripe / all.length).toBeLessThan(0.85)
  })

  it('writes mails with a sender, Message-ID and the caller’s number', () => {
    const mail = take({ ...base, mix: { mail: 1 } }, 1)[0]
    expect(mail?.kind).toBe('mail')
    expect(bodyOf(mail!)).toMatch(/^From: .+ <.+@example\.\w+>\r\nTo: sales@leadflow\.localhost\r\n/)
    expect(bodyOf(mail!)).toMatch(/Message-ID: <[0-9a-f]{20}@example\.\w+>/)
    expect(bodyOf(mail!)).toMatch(/reach me at \+\d{10,14}\./)
  })
})

describe('simulate options', () => {
  it('defaults to the development secrets and a 10 s run at 10/s', () => {
    expect(parseOptions([])).toMatchObject({
      rate: 10,
      durationSec: 10,
      count: undefined,
      secrets: devSecrets,
    })
  })

  it('refuses a mail mix without a mailbox, unknown channels and bad numbers, naming the option', () => {
    expect(() => parseOptions(['--mix', 'mail=1'])).toThrow(/--imap/)
    expect(() => parseOptions(['--mix', 'fax=1'])).toThrow(/unknown channel in --mix: fax/)
    expect(() => parseOptions(['--rate', 'fast'])).toThrow(/--rate/)
    expect(() => parseOptions(['--redeliver', '2'])).toThrow(/--redeliver/)
  })

  it('adds mail to the default mix when a mailbox is given', () => {
    const options = parseOptions(['--imap', 'imap://u:p@127.0.0.1:1143/INBOX', '--count', '5'])
    expect(options).toMatchObject({ count: 5, mix: { mail: 1, zadarma: 4 } })
  })
})
