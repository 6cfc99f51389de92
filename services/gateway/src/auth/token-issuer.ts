import { randomUUID } from 'node:crypto'
import { signAccessToken, type Role, type TokenSettings } from '../domain/access-token.js'
import { newRefreshToken, sha256 } from '../domain/opaque-token.js'
import type { PrismaClient } from '../generated/prisma/client.js'

export interface TokenPair {
  accessToken: string
  refreshToken: string
  tokenType: 'Bearer'
  expiresIn: number
}

export interface IssuerSettings extends TokenSettings {
  refreshTtlSec: number
}

type Tx = Pick<PrismaClient, 'refreshToken'>

/** Signs an access token and stores a new refresh token (hashed) in `familyId` (a new family by default). */
export async function issueTokens(
  db: Tx,
  user: { id: string; role: string; departmentId: string | null },
  settings: IssuerSettings,
  familyId: string = randomUUID(),
): Promise<TokenPair> {
  const refreshToken = newRefreshToken()
  await db.refreshToken.create({
    data: {
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + settings.refreshTtlSec * 1000),
    },
  })
  const accessToken = await signAccessToken(
    { userId: user.id, role: user.role as Role, departmentId: user.departmentId },
    settings,
  )
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: settings.ttlSec }
}
