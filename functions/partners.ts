/**
 * Partners (admin only): create, read, change price list and usage plan, issue and revoke API
 * keys. In AWS every change is mirrored in API Gateway (a usage plan per partner, an API key
 * per partner key) on the API and stage the request came in through; see shared/partners/partner-admin.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod';
import { KeyPathSchema, PartnerPathSchema } from '#http/contract';
import { createFunctionHandler, requireAdmin } from '#http/handler';
import { logger } from '#http/observability';
import { parseRequestPart } from '#http/request';
import { ApiGatewayUsagePlans } from '#gateway/api-gateway-usage-plans';
import { CreatePartnerSchema, IssueKeySchema, UpdatePartnerSchema } from '#partners/schemas';
import { PartnerAdmin } from '#partners/partner-admin';
import { NO_USAGE_PLAN_GATEWAY, type GatewayTarget } from '#partners/usage-plan-gateway';
import { NotFoundError } from '#core/errors';
import { partnerRepository, readEnvironment } from './runtime.ts';

const PartnersEnvironmentSchema = z.object({
  /** `api-gateway` in AWS (set by the CDK stack); unset locally, where the token bucket reads the plan from the table. */
  USAGE_PLAN_GATEWAY: z.enum(['api-gateway', 'none']).default('none'),
});

const env = readEnvironment(PartnersEnvironmentSchema);

const admin = new PartnerAdmin({
  store: partnerRepository,
  gateway: env.USAGE_PLAN_GATEWAY === 'api-gateway' ? new ApiGatewayUsagePlans() : NO_USAGE_PLAN_GATEWAY,
  warn: (message, details) => logger.warn(message, details),
});

/**
 * The API and stage of the request being handled. Taken from the proxy event, not from the
 * environment: the function sits behind the API, so the API's id in its environment would be
 * a dependency cycle in CloudFormation.
 */
const currentTarget = new AsyncLocalStorage<GatewayTarget>();

function target(): GatewayTarget {
  const value = currentTarget.getStore();
  if (!value) throw new Error('no API Gateway request context');
  return value;
}

async function partnerView(partnerId: string) {
  const partner = await partnerRepository.find(partnerId);
  if (!partner) throw new NotFoundError(`partner ${partnerId} not found`);
  return { ...partner, keys: await partnerRepository.listApiKeys(partnerId) };
}

const routes = createFunctionHandler('partners', {
  'POST /admin/partners': async (request) => {
    requireAdmin(request.caller);
    const body = parseRequestPart(CreatePartnerSchema, request.body, 'body');
    const created = await admin.createPartner(target(), body);
    // The key is shown here, once: only its hash is stored.
    return { status: 201, headers: { Location: `/admin/partners/${created.partnerId}` }, body: created };
  },

  'GET /admin/partners/{partnerId}': async (request) => {
    requireAdmin(request.caller);
    const { partnerId } = parseRequestPart(PartnerPathSchema, request.pathParameters, 'path');
    return { status: 200, body: await partnerView(partnerId) };
  },

  'PATCH /admin/partners/{partnerId}': async (request) => {
    requireAdmin(request.caller);
    const { partnerId } = parseRequestPart(PartnerPathSchema, request.pathParameters, 'path');
    const body = parseRequestPart(UpdatePartnerSchema, request.body, 'body');
    await admin.updatePartner(target(), partnerId, body);
    return { status: 200, body: await partnerView(partnerId) };
  },

  'POST /admin/partners/{partnerId}/keys': async (request) => {
    requireAdmin(request.caller);
    const { partnerId } = parseRequestPart(PartnerPathSchema, request.pathParameters, 'path');
    const { validForDays } = parseRequestPart(IssueKeySchema, request.body ?? {}, 'body');
    const key = await admin.issueKey(target(), partnerId, validForDays);
    return { status: 201, body: { keyId: key.keyId, apiKey: key.apiKey, ...(key.validUntil ? { validUntil: key.validUntil } : {}) } };
  },

  'DELETE /admin/partners/{partnerId}/keys/{keyId}': async (request) => {
    requireAdmin(request.caller);
    const { partnerId, keyId } = parseRequestPart(KeyPathSchema, request.pathParameters, 'path');
    // The key is refused from now on even if API Gateway could not be told (then logged as a warning).
    await admin.revokeKey(target(), partnerId, keyId);
    return { status: 204 };
  },
});

export const handler = (event: APIGatewayProxyEvent) =>
  currentTarget.run({ restApiId: event.requestContext?.apiId ?? 'unknown', stage: event.requestContext?.stage ?? 'unknown' }, () =>
    routes(event),
  );
