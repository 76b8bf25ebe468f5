/**
 * Partners (admin only): create, read, change price list and usage plan, issue and revoke API
 * keys. In AWS every change is mirrored in API Gateway (a usage plan per partner, an API key per
 * partner key) on the API and stage the request came in through (taken from the request, not
 * the environment: the API's id there would be a dependency cycle in CloudFormation); see
 * shared/partners/partner-admin.ts.
 */
import * as z from 'zod';
import { ApiGatewayUsagePlans } from '#gateway/api-gateway-usage-plans';
import { createFunctionHandler } from '#http/handler';
import { logger } from '#http/observability';
import { PartnerAdmin } from '#partners/partner-admin';
import { NO_USAGE_PLAN_GATEWAY } from '#partners/usage-plan-gateway';
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

export const handler = createFunctionHandler('partners', {
  'POST /admin/partners': async ({ body, request }) => {
    const created = await admin.createPartner(request.gateway, body);
    // The key is shown here, once: only its hash is stored.
    return { status: 201, headers: { Location: `/admin/partners/${created.partnerId}` }, body: created };
  },

  'GET /admin/partners/{partnerId}': async ({ path }) => ({ status: 200, body: await admin.view(path.partnerId) }),

  'PATCH /admin/partners/{partnerId}': async ({ path, body, request }) => {
    await admin.updatePartner(request.gateway, path.partnerId, body);
    return { status: 200, body: await admin.view(path.partnerId) };
  },

  'POST /admin/partners/{partnerId}/keys': async ({ path, body, request }) => {
    const key = await admin.issueKey(request.gateway, path.partnerId, body.validForDays);
    return { status: 201, body: { keyId: key.keyId, apiKey: key.apiKey, ...(key.validUntil ? { validUntil: key.validUntil } : {}) } };
  },

  'DELETE /admin/partners/{partnerId}/keys/{keyId}': async ({ path, request }) => {
    // The key is refused from now on even if API Gateway could not be told (then logged as a warning).
    await admin.revokeKey(request.gateway, path.partnerId, path.keyId);
    return { status: 204 };
  },
});
