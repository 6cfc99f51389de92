import { channels, type Channel, type Delivery } from './delivery.js'
import { inboundMail } from './mail.js'
import { onlinePbxCall } from './onlinepbx.js'
import { Crowd } from './people.js'
import { formLead, trackedCall } from './inbound.js'
import { createRandom, type Random } from './random.js'
import { stripeEvent } from './stripe.js'
import { zadarmaCall } from './zadarma.js'

export type Mix = Partial<Record<Channel, number>>

/** The default mix: calls, forms and payments in proportions a small sales team sees. */
export const defaultMix: Mix = { zadarma: 4, onlinepbx: 2, stripe: 2, lead: 3, call: 1 }

/** Parses `zadarma=4,lead=2,mail=1` (weights ≥ 0; channels left out get 0). */
export function parseMix(text: string): Mix {
  const mix: Mix = {}
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, weight = '1'] = part.split('=')
    if (!channels.includes(name as Channel))
      throw new Error(`unknown channel in --mix: ${name} (${channels.join(', ')})`)
    const value = Number(weight)
    if (!Number.isFinite(value) || value < 0) throw new Error(`bad weight in --mix: ${part}`)
    mix[name as Channel] = value
  }
  if (Object.values(mix).every((w) => !w)) throw new Error('--mix gives every channel weight 0')
  return mix
}

export interface TrafficOptions {
  seed: number
  mix: Mix
  /** Share of deliveries a provider sends again later (same event id): answered `duplicate`. */
  redeliveryShare: number
  /** Share of contacts who already got in touch before. */
  repeatShare: number
  /** The watched mailbox's address (To: of simulated mails). */
  mailTo: string
  now?: () => number
}

/**
 * An endless stream of deliveries: each new touch (a call, a payment, a form, a mail) is a
 * short sequence whose later steps arrive a few deliveries later, interleaved with others, in
 * order within the sequence. Some deliveries come again later, as providers retry.
 */
export class Traffic {
  private readonly r: Random
  private readonly crowd: Crowd
  private readonly weights: [Channel, number][]
  private readonly total: number
  private readonly pending: { due: number; delivery: Delivery }[] = []
  private tick = 0

  constructor(private readonly options: TrafficOptions) {
    this.r = createRandom(options.seed)
    this.crowd = new Crowd(this.r, options.repeatShare)
    this.weights = channels.map((c): [Channel, number] => [c, options.mix[c] ?? 0]).filter(([, w]) => w > 0)
    this.total = this.weights.reduce((sum, [, w]) => sum + w, 0)
  }

  next(): Delivery {
    this.tick++
    const dueIndex = this.pending.findIndex((p) => p.due <= this.tick)
    const delivery =
      dueIndex >= 0 ? this.pending.splice(dueIndex, 1)[0]!.delivery : this.startTouch(this.pickChannel())
    if (!delivery.redelivery && this.r.chance(this.options.redeliveryShare)) {
      this.pending.push({ due: this.tick + this.r.int(2, 20), delivery: { ...delivery, redelivery: true } })
    }
    return delivery
  }

  private pickChannel(): Channel {
    let roll = this.r.next() * this.total
    for (const [channel, weight] of this.weights) if ((roll -= weight) < 0) return channel
    return this.weights[this.weights.length - 1]![0]
  }

  /** Returns the first step; later steps wait in `pending`. */
  private startTouch(channel: Channel): Delivery {
    const steps = this.generate(channel)
    let due = this.tick
    for (const step of steps.slice(1)) {
      due += this.r.int(1, 4)
      this.pending.push({ due, delivery: step })
    }
    return steps[0]!
  }

  private generate(channel: Channel): Delivery[] {
    const now = this.options.now?.() ?? Date.now()
    const who = this.crowd.next()
    switch (channel) {
      case 'zadarma':
        return zadarmaCall(this.r, who, now)
      case 'onlinepbx':
        return onlinePbxCall(this.r, who, now)
      case 'stripe':
        return stripeEvent(this.r, who, now)
      case 'lead':
        return formLead(this.r, who, now)
      case 'call':
        return trackedCall(this.r, who, now)
      case 'mail':
        return inboundMail(this.r, who, this.options.mailTo, now)
    }
  }
}
