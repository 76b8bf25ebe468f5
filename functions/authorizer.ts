/**
 * The API Gateway REQUEST authorizer of every route but `/health`. It resolves the caller
 * (admin token, partner API key, customer JWT) and always allows the call, passing either the
 * caller or the reason there is none in the context: the handler then answers 401 with that
 * reason as problem+json (API Gateway's own 401 could not say "expired" or "revoked").
 * Every answer names the API Gateway key whose usage plan applies (`usageIdentifierKey`): the
 * SHA-256 of a partner's key (its own plan), or the shared key of web callers (customers and
 * admins) or of unauthenticated requests. See docs/adr/0002-partner-usage-plans-in-api-gateway.md.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import * as z from 'zod';
import { createCallerResolver, principalOf, resolutionToContext, usageIdentifierKey } from '#http/identity';
import { header } from '#http/request';
import { partnerRepository, readEnvironment } from './runtime.ts';

const AuthEnvironmentSchema = z.object({
  ADMIN_TOKEN_SHA256: z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256 of the admin token'),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** Cognito's JWKS URL in AWS; locally the key set itself is given inline as JSON. */
  JWT_JWKS_URL: z.url().optional(),
  JWT_JWKS: z.string().min(2).optional(),
  /** The value of the shared API Gateway key of customers and admins (AWS only; not a secret). */
  WEB_CALLERS_USAGE_KEY: z.string().min(20).optional(),
  /** The value of the shared API Gateway key of requests without valid credentials (AWS only; not a secret). */
  UNAUTHENTICATED_USAGE_KEY: z.string().min(20).optional(),
});

const env = readEnvironment(AuthEnvironmentSchema);
if (!env.JWT_JWKS_URL && !env.JWT_JWKS) throw new Error('invalid environment: set JWT_JWKS_URL (AWS) or JWT_JWKS (local)');

const resolveCaller = createCallerResolver({
  adminTokenSha256: env.ADMIN_TOKEN_SHA256,
  jwt: {
    issuer: env.JWT_ISSUER,
    ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
    jwks: env.JWT_JWKS_URL ? new URL(env.JWT_JWKS_URL) : JSON.parse(env.JWT_JWKS!),
  },
  findApiKey: (hash) => partnerRepository.findApiKey(hash),
});

export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const resolution = await resolveCaller(event.headers ?? null);
  const usageKey = usageIdentifierKey(resolution, header(event.headers, 'x-api-key'), {
    ...(env.WEB_CALLERS_USAGE_KEY ? { webCallers: env.WEB_CALLERS_USAGE_KEY } : {}),
    ...(env.UNAUTHENTICATED_USAGE_KEY ? { unauthenticated: env.UNAUTHENTICATED_USAGE_KEY } : {}),
  });
  return {
    principalId: principalOf(resolution),
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
    context: resolutionToContext(resolution),
    ...(usageKey ? { usageIdentifierKey: usageKey } : {}),
  };
};
