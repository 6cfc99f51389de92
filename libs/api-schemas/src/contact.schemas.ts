const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const
const region = { type: 'string', pattern: '^[A-Za-z]{2}$' } as const

/** What a client may write of a contact (null clears a field). */
export const contactWriteFields = {
  name: nullableText(200),
  email: { type: ['string', 'null'], maxLength: 254, pattern: '^\\s*[^@\\s]+@[^@\\s]+\\s*$' },
  phone: { ...nullableText(64), description: 'Any common format; stored as E.164 when understood' },
  companyId: { type: ['string', 'null'], format: 'uuid' },
  defaultRegion: { ...region, description: 'ISO country for a phone written without a country code' },
} as const

/** What a client may write of a company. */
export const companyWriteFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  phone: { ...nullableText(64), description: 'Any common format' },
  emailDomain: {
    type: ['string', 'null'],
    maxLength: 253,
    pattern: '^\\s*@?[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\s*$',
  },
  defaultRegion: region,
} as const
