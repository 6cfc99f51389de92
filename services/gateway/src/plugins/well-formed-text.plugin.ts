import { appError, type FieldError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'

/** A lone UTF-16 surrogate (not valid Unicode text) or a NUL character (PostgreSQL text refuses it). */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const notText = (text: string): boolean => text.includes('\u0000') || loneSurrogate.test(text)

/** Walks the body with a stack of its own: bodies may nest deeper than the call stack. */
function badFields(body: unknown): FieldError[] {
  const found: FieldError[] = []
  const pending: [unknown, string][] = [[body, '']]
  for (let next = pending.pop(); next && found.length < 10; next = pending.pop()) {
    const [value, path] = next
    if (typeof value === 'string') {
      if (notText(value)) found.push({ field: path || 'body', message: 'must be valid Unicode text' })
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, `${path}[${i}]`]))
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        const field = path ? `${path}.${key}` : key
        if (notText(key)) found.push({ field, message: 'must be valid Unicode text' })
        else pending.push([inner, field])
      }
    }
  }
  return found
}

/**
 * JSON may escape lone surrogates (`"\ud800"`) and NUL (`"\u0000"`), which no text column stores:
 * such bodies are refused as a validation failure (400) before any route passes them on.
 */
export function refuseMalformedText(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const found = badFields(request.body)
    done(
      found.length > 0
        ? appError('validation_failed', 'The request is not valid', { errors: found })
        : undefined,
    )
  })
}
