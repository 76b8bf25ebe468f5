/**
 * Local stand-in for Cognito: a signing key pair, `POST /dev/login {"email"}` that issues a
 * customer JWT, and the public key set the authorizer verifies against (the same code path
 * that verifies Cognito's tokens in AWS). This route exists only in the local server.
 */
import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import * as z from 'zod';
import { CUSTOMER_CLAIMS } from '#http/identity';
import { parseRequestPart } from '#http/request';
import { HOUSE_TENANT } from '#core/tenant';
import { newCustomerId } from '#core/ids';
import { signInByEmail, type CustomerStore } from '#customers/customer-service';
import { MalformedRequestError } from '#core/errors';
import type { LocalRouteHandler } from './server.ts';

export interface DevSigningKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export const DEV_JWT_AUDIENCE = 'configurator-web';
export const DEV_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export async function createDevSigningKey(): Promise<DevSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = createHash('sha256')
    .update(JSON.stringify(await exportJWK(publicKey)))
    .digest('base64url')
    .slice(0, 16);
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

export async function signCustomerToken(
  key: DevSigningKey,
  issuer: string,
  customer: { customerId: string; tenantId?: string; email?: string },
  lifetimeSeconds = DEV_TOKEN_LIFETIME_SECONDS,
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, 'ES256');
  return new SignJWT({
    [CUSTOMER_CLAIMS.customerId]: customer.customerId,
    [CUSTOMER_CLAIMS.tenantId]: customer.tenantId ?? HOUSE_TENANT,
    ...(customer.email ? { email: customer.email } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid! })
    .setIssuer(issuer)
    .setAudience(DEV_JWT_AUDIENCE)
    .setSubject(customer.customerId)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(privateKey);
}

const LoginSchema = z.strictObject({ email: z.email().max(254) });

/**
 * `POST /dev/login {"email"}` → `{token, customerId, expiresIn}`. The first sign-in of an
 * e-mail creates the house customer (in AWS, Cognito's sign-up and a trigger would).
 */
export function devLoginRoute(key: DevSigningKey, issuer: string, customers: CustomerStore): LocalRouteHandler {
  return {
    method: 'POST',
    path: '/dev/login',
    async handle(body) {
      let json: unknown;
      try {
        json = body.byteLength ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        throw new MalformedRequestError('the body is not valid JSON');
      }
      const { email } = parseRequestPart(LoginSchema, json, 'body');
      const profile = await signInByEmail(customers, email, newCustomerId, new Date());
      const token = await signCustomerToken(key, issuer, { customerId: profile.customerId, email });
      return {
        status: 200,
        body: { token, customerId: profile.customerId, tenantId: HOUSE_TENANT, expiresIn: DEV_TOKEN_LIFETIME_SECONDS },
      };
    },
  };
}
