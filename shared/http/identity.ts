/**
 * Who is calling. Credentials are resolved once, by the authorizer, before any handler runs:
 * an admin bearer token, a partner API key (`x-api-key`), or a customer JWT (Cognito in AWS,
 * a locally issued token on `npm start`). The authorizer passes the result to the handler in
 * the request context; the handler trusts only that, never the body, path or headers, for
 * the tenant.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { CallerIdentity } from '#core/caller';
import type { StoredApiKey } from '#partners/partner';
import { HOUSE_TENANT } from '#core/tenant';
import { sha256Hex } from '#core/digest';
import { UnauthenticatedError } from '#core/errors';
import { header } from './request.ts';

export type { CallerIdentity };

/** What the authorizer hands to the handler: an identity, or why there is none. */
export type CallerResolution = { identity: CallerIdentity } | { failure: string };

/** The authorizer context is flat string pairs (an API Gateway constraint). */
const ContextSchema = z.union([
  z.object({ callerKind: z.literal('admin') }),
  z.object({ callerKind: z.literal('partner'), tenantId: z.string().min(1), partnerId: z.string().min(1) }),
  z.object({ callerKind: z.literal('customer'), tenantId: z.string().min(1), customerId: z.string().min(1) }),
  z.object({ callerKind: z.literal('none'), failure: z.string().min(1) }),
]);

export function resolutionToContext(resolution: CallerResolution): Record<string, string> {
  if ('failure' in resolution) return { callerKind: 'none', failure: resolution.failure };
  const { kind, ...rest } = resolution.identity;
  return { callerKind: kind, ...rest };
}

/** The principal an authorizer answer names: who called, for API Gateway's logs and cache (pure). */
export function principalOf(resolution: CallerResolution): string {
  if ('failure' in resolution) return 'anonymous';
  const identity = resolution.identity;
  if (identity.kind === 'admin') return 'admin';
  return identity.kind === 'partner' ? `partner:${identity.partnerId}` : `customer:${identity.tenantId}:${identity.customerId}`;
}

/**
 * The caller of a request whose route requires one. Throws `UnauthenticatedError` with the
 * authorizer's reason (missing, malformed, expired or revoked credentials).
 */
export function callerFromContext(context: unknown): CallerIdentity {
  const parsed = ContextSchema.safeParse(context ?? {});
  if (!parsed.success)
    throw new UnauthenticatedError('send an admin token or customer JWT as "Authorization: Bearer …", or a partner key as "x-api-key"');
  const value = parsed.data;
  switch (value.callerKind) {
    case 'none':
      throw new UnauthenticatedError(value.failure);
    case 'admin':
      return { kind: 'admin' };
    case 'partner':
      return { kind: 'partner', tenantId: value.tenantId, partnerId: value.partnerId };
    case 'customer':
      return { kind: 'customer', tenantId: value.tenantId, customerId: value.customerId };
  }
}

/**
 * The shared usage identifiers of callers that are not partners (plain, non-secret values: with
 * the API's key source AUTHORIZER, API Gateway only meters by them; they authenticate nothing).
 */
export interface SharedUsageIdentifiers {
  /** Customers and admins: one API Gateway key and usage plan for all of them. */
  webCallers?: string;
  /** Requests whose credentials did not resolve: their own, tighter plan, so they cannot starve the others. */
  unauthenticated?: string;
}

/**
 * What the authorizer returns as `usageIdentifierKey`, the value of the API Gateway key whose
 * usage plan applies: a partner's own key (the hex SHA-256 of its API key, which is what the
 * partner's API Gateway key holds), else the shared identifier of the caller's kind.
 */
export function usageIdentifierKey(
  resolution: CallerResolution,
  apiKeyHeader: string | undefined,
  shared: SharedUsageIdentifiers,
): string | undefined {
  if ('failure' in resolution) return shared.unauthenticated;
  if (resolution.identity.kind === 'partner') return apiKeyHeader === undefined ? undefined : sha256Hex(apiKeyHeader);
  return shared.webCallers;
}

export type { StoredApiKey };

export interface CredentialSettings {
  adminTokenSha256: string;
  jwt: { issuer: string; audience?: string; jwks: JSONWebKeySet | URL };
  findApiKey(keySha256: string): Promise<StoredApiKey | undefined>;
  now?: () => Date;
}

/** The claims our customer tokens carry (Cognito custom attributes in AWS). */
export const CUSTOMER_CLAIMS = { customerId: 'custom:customerId', tenantId: 'custom:tenantId' } as const;

/** Builds the function that turns request headers into a caller (used by the authorizer). */
export function createCallerResolver(
  settings: CredentialSettings,
): (headers: Record<string, string | undefined> | null) => Promise<CallerResolution> {
  const adminHash = Buffer.from(settings.adminTokenSha256, 'hex');
  const keySet = settings.jwt.jwks instanceof URL ? createRemoteJWKSet(settings.jwt.jwks) : createLocalJWKSet(settings.jwt.jwks);
  const now = settings.now ?? (() => new Date());

  return async (headers) => {
    const apiKey = header(headers, 'x-api-key');
    const authorization = header(headers, 'authorization');
    if (apiKey !== undefined && authorization !== undefined) return { failure: 'send either an API key or a bearer token, not both' };
    if (apiKey !== undefined) {
      if (apiKey.length < 16 || apiKey.length > 256) return { failure: 'the API key is not valid' };
      const stored = await settings.findApiKey(sha256Hex(apiKey));
      if (!stored) return { failure: 'the API key is not valid' };
      if (stored.status === 'revoked') return { failure: 'the API key has been revoked; ask for a new one' };
      // An unreadable expiry fails closed.
      if (stored.validUntil !== undefined && !(Date.parse(stored.validUntil) > now().getTime()))
        return { failure: 'the API key has expired; rotate to a new one' };
      return { identity: { kind: 'partner', tenantId: stored.partnerId, partnerId: stored.partnerId } };
    }
    if (authorization === undefined) return { failure: 'credentials are required: "Authorization: Bearer …" or "x-api-key"' };
    const match = /^Bearer\s+(\S{1,8192})$/i.exec(authorization.trim());
    if (!match) return { failure: 'the Authorization header must be "Bearer <token>"' };
    const token = match[1]!;
    if (token.split('.').length !== 3) {
      const given = createHash('sha256').update(token, 'utf8').digest();
      return adminHash.length === given.length && timingSafeEqual(adminHash, given)
        ? { identity: { kind: 'admin' } }
        : { failure: 'the bearer token is not valid' };
    }
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: settings.jwt.issuer,
        ...(settings.jwt.audience ? { audience: settings.jwt.audience } : {}),
        currentDate: now(),
      });
      const customerId = payload[CUSTOMER_CLAIMS.customerId];
      const tenantId = payload[CUSTOMER_CLAIMS.tenantId] ?? HOUSE_TENANT;
      if (typeof customerId !== 'string' || typeof tenantId !== 'string' || !customerId || !tenantId)
        return { failure: 'the token names no customer' };
      return { identity: { kind: 'customer', tenantId, customerId } };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return { failure: 'the token has expired; sign in again' };
      return { failure: 'the token is not valid' };
    }
  };
}
