import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const keyLength = 64
const blockSize = 8
const parallelization = 1

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

function scryptOptions(cost: number): ScryptOptions {
  const N = 2 ** cost
  return { N, r: blockSize, p: parallelization, maxmem: 256 * N * blockSize }
}

/** `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<key b64url>`, with a fresh 16-byte salt. */
export async function hashPassword(password: string, cost = 15): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, scryptOptions(cost))
  return [
    'scrypt',
    cost,
    blockSize,
    parallelization,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$')
}

/** True when `password` matches `stored`; false for any malformed hash. Constant time in the key. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, costText, rText, pText, saltText, keyText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const cost = Number(costText)
  if (!Number.isInteger(cost) || cost < 10 || cost > 20 || rText !== '8' || pText !== '1') return false
  const expected = Buffer.from(keyText, 'base64url')
  if (expected.length !== keyLength) return false
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), scryptOptions(cost))
  return timingSafeEqual(actual, expected)
}
