/**
 * Resolving the caller from request headers (admin token, partner API key, customer JWT) with an
 * in-memory key store and a locally generated ES256 key set, and carrying the result through
 * the authorizer context.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';
import {
  callerFromContext,
  createCallerResolver,
  CUSTOMER_CLAIMS,
  principalOf,
  resolutionToContext,
  type CallerIdentity,
  type CallerResolution,
  type StoredApiKey,
} from '#http/identity';
import { HOUSE_TENANT } from '#core/tenant';
import { sha256Hex } from '#core/digest';
import { UnauthenticatedError } from '#core/errors';

const NOW = new Date('2026-06-01T12:00:00Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const ISSUER = 'https://auth.example.test/pool-1';
const AUDIENCE = 'configurator-web';
const KID = 'test-key-1';
const ADMIN_TOKEN = 'admin-0123456789abcdef0123456789abcdef';

const ACTIVE_KEY = 'pk_active_0123456789abcdef';
const REVOKED_KEY = 'pk_revoked_0123456789abcdef';
const EXPIRED_KEY = 'pk_expired_0123456789abcdef';
const FUTURE_KEY = 'pk_future_0123456789abcdef';

const apiKeys = new Map<string, StoredApiKey>([
  [sha256Hex(ACTIVE_KEY), { partnerId: 'p-acme', status: 'active' }],
  [sha256Hex(REVOKED_KEY), { partnerId: 'p-acme', status: 'revoked' }],
  [sha256Hex(EXPIRED_KEY), { partnerId: 'p-acme', status: 'active', validUntil: '2026-06-01T11:59:59Z' }],
  [sha256Hex(FUTURE_KEY), { partnerId: 'p-bolt', status: 'active', validUntil: '2026-06-02T00:00:00Z' }],
]);

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let resolve: ReturnType<typeof createCallerResolver>;
const lookedUp: string[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'ES256', use: 'sig' }] };
  resolve = createCallerResolver({
    adminTokenSha256: sha256Hex(ADMIN_TOKEN),
    jwt: { issuer: ISSUER, audience: AUDIENCE, jwks },
    findApiKey: async (hash) => {
      lookedUp.push(hash);
      return apiKeys.get(hash);
    },
    now: () => NOW,
  });
});

interface TokenOptions {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  expiresAt?: number;
  key?: CryptoKey;
}

async function customerToken(options: TokenOptions = {}): Promise<string> {
  return new SignJWT(options.claims ?? { [CUSTOMER_CLAIMS.customerId]: 'c-42' })
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(NOW_SECONDS - 60)
    .setExpirationTime(options.expiresAt ?? NOW_SECONDS + 3600)
    .sign(options.key ?? signingKey);
}

function failureOf(resolution: CallerResolution): string {
  expect(resolution).not.toHaveProperty('identity');
  return (resolution as { failure: string }).failure;
}

describe('createCallerResolver: admin token', () => {
  it('accepts the admin token whose SHA-256 it knows', async () => {
    // Act
    const resolution = await resolve({ Authorization: `Bearer ${ADMIN_TOKEN}` });

    // Assess
    expect(resolution).toEqual({ identity: { kind: 'admin' } });
  });

  it('accepts the scheme and header name in any case, with surrounding spaces', async () => {
    // Act
    const resolution = await resolve({ authorization: `  bearer   ${ADMIN_TOKEN} ` });

    // Assess
    expect(resolution).toEqual({ identity: { kind: 'admin' } });
  });

  it.each([
    ['a wrong token', 'admin-0123456789abcdef0123456789abcdee'],
    ['the hash instead of the token', sha256Hex(ADMIN_TOKEN)],
    ['a prefix of the token', 'admin-0123'],
  ])('refuses %s', async (_label, token) => {
    // Act
    const resolution = await resolve({ Authorization: `Bearer ${token}` });

    // Assess
    expect(failureOf(resolution)).toBe('the bearer token is not valid');
  });
});

describe('createCallerResolver: partner API key', () => {
  it('resolves an active key to its partner, whose tenant is the partner, looking it up by SHA-256 only', async () => {
    // Prepare
    lookedUp.length = 0;

    // Act
    const resolution = await resolve({ 'X-Api-Key': ACTIVE_KEY });

    // Assess
    expect(resolution).toEqual({ identity: { kind: 'partner', tenantId: 'p-acme', partnerId: 'p-acme' } });
    expect(lookedUp).toEqual([sha256Hex(ACTIVE_KEY)]);
  });

  it('accepts a key whose validity ends after now', async () => {
    // Act
    const resolution = await resolve({ 'x-api-key': FUTURE_KEY });

    // Assess
    expect(resolution).toEqual({ identity: { kind: 'partner', tenantId: 'p-bolt', partnerId: 'p-bolt' } });
  });

  it('refuses a revoked key, saying it is revoked', async () => {
    // Act
    const resolution = await resolve({ 'x-api-key': REVOKED_KEY });

    // Assess
    expect(failureOf(resolution)).toMatch(/revoked/);
  });

  it('refuses a key past its validity, saying it expired', async () => {
    // Act
    const resolution = await resolve({ 'x-api-key': EXPIRED_KEY });

    // Assess
    expect(failureOf(resolution)).toMatch(/expired/);
  });

  it.each([
    ['an unknown key', 'pk_unknown_0123456789abcdef'],
    ['a key too short to be one', 'short'],
    ['a key too long to be one', 'k'.repeat(257)],
  ])('refuses %s', async (_label, key) => {
    // Act
    const resolution = await resolve({ 'x-api-key': key });

    // Assess
    expect(failureOf(resolution)).toBe('the API key is not valid');
  });
});

describe('createCallerResolver: credentials', () => {
  it('refuses a request carrying both an API key and a bearer token', async () => {
    // Act
    const resolution = await resolve({ 'x-api-key': ACTIVE_KEY, Authorization: `Bearer ${ADMIN_TOKEN}` });

    // Assess
    expect(failureOf(resolution)).toMatch(/not both/);
  });

  it.each([
    ['no headers', null],
    ['no credential headers', { accept: 'application/json' }],
  ])('refuses %s, saying credentials are required', async (_label, headers) => {
    // Act
    const resolution = await resolve(headers);

    // Assess
    expect(failureOf(resolution)).toMatch(/credentials are required/);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer '], [ADMIN_TOKEN], ['Bearer two tokens'], [`Bearer ${'x'.repeat(8193)}`]])(
    'refuses the malformed Authorization header %j',
    async (authorization) => {
      // Act
      const resolution = await resolve({ authorization });

      // Assess
      expect(failureOf(resolution)).toBe('the Authorization header must be "Bearer <token>"');
    },
  );
});

describe('createCallerResolver: customer JWT', () => {
  it('resolves a valid token to a customer of the house tenant by default', async () => {
    // Prepare
    const token = await customerToken();

    // Act
    const resolution = await resolve({ Authorization: `Bearer ${token}` });

    // Assess
    expect(resolution).toEqual({ identity: { kind: 'customer', tenantId: HOUSE_TENANT, customerId: 'c-42' } });
    expect(HOUSE_TENANT).toBe('house');
  });

  it('takes the tenant from the tenant claim', async () => {
    // Prepare
    const token = await customerToken({ claims: { [CUSTOMER_CLAIMS.customerId]: 'c-7', [CUSTOMER_CLAIMS.tenantId]: 'p-acme' } });

    // Act
    const resolution = await resolve({ Authorization: `Bearer ${token}` });

    // Assess
    expect(resolution).toEqual({ identity: { kind: 'customer', tenantId: 'p-acme', customerId: 'c-7' } });
  });

  it('refuses an expired token, saying it expired', async () => {
    // Prepare
    const token = await customerToken({ expiresAt: NOW_SECONDS - 1 });

    // Act
    const resolution = await resolve({ Authorization: `Bearer ${token}` });

    // Assess
    expect(failureOf(resolution)).toMatch(/expired/);
  });

  it.each<[string, () => Promise<string>]>([
    ['another issuer', () => customerToken({ issuer: 'https://evil.example.test' })],
    ['another audience', () => customerToken({ audience: 'someone-else' })],
    ['a signature by another key with the same kid', () => customerToken({ key: otherKey })],
    [
      'a payload changed after signing',
      async () => {
        const [head, , signature] = (await customerToken()).split('.');
        const payload = Buffer.from(
          JSON.stringify({ [CUSTOMER_CLAIMS.customerId]: 'c-admin', iss: ISSUER, aud: AUDIENCE, exp: NOW_SECONDS + 3600 }),
        ).toString('base64url');
        return `${head}.${payload}.${signature}`;
      },
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const head = Buffer.from(JSON.stringify({ alg: 'none', kid: KID })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({ [CUSTOMER_CLAIMS.customerId]: 'c-42', iss: ISSUER, aud: AUDIENCE, exp: NOW_SECONDS + 3600 }),
        ).toString('base64url');
        return `${head}.${payload}.`;
      },
    ],
    ['three dot-separated pieces of garbage', async () => 'abc.def.ghi'],
  ])('refuses a token with %s', async (_label, makeToken) => {
    // Prepare
    const token = await makeToken();

    // Act
    const resolution = await resolve({ Authorization: `Bearer ${token}` });

    // Assess
    expect(failureOf(resolution)).toBe('the token is not valid');
  });

  it.each<[string, Record<string, unknown>]>([
    ['no customer claim', { sub: 'c-42' }],
    ['an empty customer claim', { [CUSTOMER_CLAIMS.customerId]: '' }],
    ['a numeric customer claim', { [CUSTOMER_CLAIMS.customerId]: 42 }],
    ['a non-string tenant claim', { [CUSTOMER_CLAIMS.customerId]: 'c-42', [CUSTOMER_CLAIMS.tenantId]: ['p-acme'] }],
  ])('refuses a valid token with %s', async (_label, claims) => {
    // Prepare
    const token = await customerToken({ claims });

    // Act
    const resolution = await resolve({ Authorization: `Bearer ${token}` });

    // Assess
    expect(failureOf(resolution)).toBe('the token names no customer');
  });
});

describe('authorizer context', () => {
  it.each<[string, CallerIdentity]>([
    ['admin', { kind: 'admin' }],
    ['partner', { kind: 'partner', tenantId: 'p-acme', partnerId: 'p-acme' }],
    ['customer', { kind: 'customer', tenantId: 'house', customerId: 'c-42' }],
  ])('carries a %s identity through flat string pairs unchanged', (_label, identity) => {
    // Act
    const context = resolutionToContext({ identity });
    const caller = callerFromContext(context);

    // Assess
    expect(Object.values(context).every((value) => typeof value === 'string')).toBe(true);
    expect(context.callerKind).toBe(identity.kind);
    expect(caller).toEqual(identity);
  });

  it('turns a failure into UnauthenticatedError carrying the reason', () => {
    // Prepare
    const context = resolutionToContext({ failure: 'the API key has been revoked; ask for a new one' });

    // Act
    const act = () => callerFromContext(context);

    // Assess
    expect(context).toEqual({ callerKind: 'none', failure: 'the API key has been revoked; ask for a new one' });
    expect(act).toThrow(UnauthenticatedError);
    expect(act).toThrow('the API key has been revoked; ask for a new one');
  });

  it('ignores extra keys API Gateway adds to the context', () => {
    // Act
    const caller = callerFromContext({ callerKind: 'partner', tenantId: 't', partnerId: 'p', principalId: 'x', integrationLatency: 3 });

    // Assess
    expect(caller).toEqual({ kind: 'partner', tenantId: 't', partnerId: 'p' });
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty context', {}],
    ['a string', 'admin'],
    ['an unknown kind', { callerKind: 'root' }],
    ['a partner without tenant', { callerKind: 'partner', partnerId: 'p' }],
    ['a customer with an empty id', { callerKind: 'customer', tenantId: 'house', customerId: '' }],
    ['a failure without reason', { callerKind: 'none' }],
  ])('refuses %s with UnauthenticatedError asking for credentials', (_label, context) => {
    // Act
    const act = () => callerFromContext(context);

    // Assess
    expect(act).toThrow(UnauthenticatedError);
    expect(act).toThrow(/Authorization: Bearer/);
  });
});

describe('principalOf', () => {
  it.each<[string, Parameters<typeof principalOf>[0], string]>([
    ['admin', { identity: { kind: 'admin' } }, 'admin'],
    ['partner', { identity: { kind: 'partner', tenantId: 'p-acme', partnerId: 'p-acme' } }, 'partner:p-acme'],
    ['customer', { identity: { kind: 'customer', tenantId: 'house', customerId: 'c-42' } }, 'customer:house:c-42'],
    ['failure', { failure: 'expired' }, 'anonymous'],
  ])('names a %s caller', (_label, resolution, expected) => {
    // Act
    const principal = principalOf(resolution);

    // Assess
    expect(principal).toBe(expected);
  });
});
