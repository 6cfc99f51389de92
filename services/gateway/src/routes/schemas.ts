/** JSON schemas shared by the public routes; registered once with `addSchema`. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  additionalProperties: true,
} as const

const problemRef = { $ref: 'Problem#' } as const

/** A route's success responses plus problem+json for every 4xx and 5xx. */
export function responses<T extends Record<number, unknown>>(ok: T) {
  return { ...ok, '4xx': problemRef, '5xx': problemRef }
}

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['id'],
  additionalProperties: false,
} as const

export { pageOf, pageQuery, uuidParams, type PageQuery } from '@leadflow/api-schemas'

export const bearerAuth: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }]
export const apiKeyOrBearer: { [scheme: string]: string[] }[] = [{ apiKeyAuth: [] }, { bearerAuth: [] }]
