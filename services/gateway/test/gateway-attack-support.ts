import { generateKeyPair, exportJWK, SignJWT, UnsecuredJWT } from 'jose'
import type { Gateway } from './gateway-harness.js'

/** Access tokens an attacker can make without the gateway's secret, claiming `role` for `sub`. */
export async function forgedTokens(gw: Gateway, sub: string, genuine: string) {
  const claims = { role: 'admin', dep: null }
  const stamp = <T extends SignJWT | UnsecuredJWT>(jwt: T): T =>
    jwt
      .setSubject(sub)
      .setIssuer(gw.config.JWT_ISSUER)
      .setAudience(gw.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m') as T
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const [header, payload, signature] = genuine.split('.') as [string, string, string]
  const elevated = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' } as object
  return {
    algNone: stamp(new UnsecuredJWT(claims)).encode(),
    // RS256 signed with the attacker's own key, offering that key in the header (jwk injection).
    rsaWithOwnKey: await stamp(
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', jwk: await exportJWK(publicKey) }),
    ).sign(privateKey),
    // HS256 keyed with the attacker's public key (the classic RS→HS confusion).
    hsWithPublicKey: await stamp(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })).sign(
      new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey))),
    ),
    guessedSecret: await stamp(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })).sign(
      new TextEncoder().encode('secret'),
    ),
    // A genuine agent token with its role claim rewritten and the signature kept.
    tampered: `${header}.${Buffer.from(JSON.stringify(elevated)).toString('base64url')}.${signature}`,
  }
}
