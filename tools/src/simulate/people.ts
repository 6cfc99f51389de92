import { normalizePhone } from '@leadflow/phone'
import type { Random } from './random.js'

/** Mobile and landline number shapes per country (national significant number after the code). */
const numberPlans = [
  {
    country: 'RU',
    code: '7',
    make: (r: Random) => `9${r.pick(['16', '03', '26', '85', '99'])}${r.digits(7)}`,
  },
  {
    country: 'DE',
    code: '49',
    make: (r: Random) => `15${r.pick(['1', '2', '7'])}${r.int(1, 9)}${r.digits(7)}`,
  },
  {
    country: 'US',
    code: '1',
    make: (r: Random) => `${r.pick(['415', '212', '646', '312', '617'])}${r.int(2, 9)}${r.digits(6)}`,
  },
  {
    country: 'GB',
    code: '44',
    make: (r: Random) => `7${r.pick(['400', '700', '911', '825'])}${r.digits(6)}`,
  },
  { country: 'FR', code: '33', make: (r: Random) => `${r.pick(['6', '7'])}${r.digits(8)}` },
] as const

const firstNames = [
  'Anna',
  'Boris',
  'Chloé',
  'David',
  'Elena',
  'Felix',
  'Grace',
  'Hugo',
  'Irina',
  'James',
  'Klara',
  'Liam',
]
const lastNames = [
  'Smith',
  'Ivanova',
  'Müller',
  'Dubois',
  'Brown',
  'Petrov',
  'Schmidt',
  'Martin',
  'Taylor',
  'Keller',
]
const companies = [
  'Acme GmbH',
  'Northwind Ltd',
  'Globex LLC',
  'Initech SAS',
  'Umbrella OOO',
  'Stark Industries',
]

export interface Person {
  name: string
  email: string
  /** E.164, e.g. +4915112345678. */
  phone: string
  country: string
  company: string
}

/** A phone number valid in E.164 for one of a few countries (checked with libphonenumber). */
export function phoneNumber(r: Random): { e164: string; country: string } {
  for (let attempt = 0; attempt < 50; attempt++) {
    const plan = r.pick(numberPlans)
    const e164 = `+${plan.code}${plan.make(r)}`
    if (normalizePhone(e164).e164 === e164) return { e164, country: plan.country }
  }
  throw new Error('could not generate a valid phone number')
}

export function person(r: Random): Person {
  const first = r.pick(firstNames)
  const last = r.pick(lastNames)
  const { e164, country } = phoneNumber(r)
  const local = `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '')
  return {
    name: `${first} ${last}`,
    email: `${local}${r.int(1, 999)}@example.${r.pick(['com', 'org', 'net'])}`,
    phone: e164,
    country,
    company: r.pick(companies),
  }
}

/**
 * People who get in touch: mostly new ones, sometimes someone who already called or wrote
 * (`repeatShare` of the time), as real lead traffic looks.
 */
export class Crowd {
  private readonly seen: Person[] = []

  constructor(
    private readonly r: Random,
    private readonly repeatShare = 0.25,
  ) {}

  next(): Person {
    if (this.seen.length > 0 && this.r.chance(this.repeatShare)) return this.r.pick(this.seen)
    const someone = person(this.r)
    if (this.seen.length < 500) this.seen.push(someone)
    return someone
  }
}
