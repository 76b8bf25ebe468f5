/** Partners (admin only): create, read, change price list and usage plan, issue and revoke API keys. */
import { KeyPathSchema, PartnerPathSchema } from '#http/contract';
import { createFunctionHandler, requireAdmin } from '#http/handler';
import { parseRequestPart } from '#http/request';
import { CreatePartnerSchema, DEFAULT_USAGE_PLAN, IssueKeySchema, newApiKey, UpdatePartnerSchema } from '#partners/partner';
import { ulid } from '#store/ids';
import { NotFoundError } from '../shared/errors.ts';
import { partnerRepository } from './runtime.ts';


function issueKey(validForDays: number | undefined, now: Date) {
  return {
    keyId: `k_${ulid(now.getTime())}`,
    apiKey: newApiKey(),
    createdAt: now.toISOString(),
    ...(validForDays ? { validUntil: new Date(now.getTime() + validForDays * 86_400_000).toISOString() } : {}),
  };
}

async function partnerView(partnerId: string) {
  const partner = await partnerRepository.find(partnerId);
  if (!partner) throw new NotFoundError(`partner ${partnerId} not found`);
  return { ...partner, keys: await partnerRepository.listApiKeys(partnerId) };
}

export const handler = createFunctionHandler('partners', {
  'POST /admin/partners': async (request) => {
    requireAdmin(request.caller);
    const body = parseRequestPart(CreatePartnerSchema, request.body, 'body');
    const now = new Date();
    const partnerId = body.partnerId ?? `p_${ulid(now.getTime()).toLowerCase()}`;
    const key = issueKey(undefined, now);
    await partnerRepository.create({ partnerId, name: body.name, createdAt: now.toISOString(), usagePlan: body.usagePlan ?? DEFAULT_USAGE_PLAN, ...(body.priceList ? { priceList: body.priceList } : {}) }, key);
    // The key is shown here, once: only its hash is stored.
    return { status: 201, headers: { Location: `/admin/partners/${partnerId}` }, body: { partnerId, apiKey: key.apiKey, keyId: key.keyId } };
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
    await partnerRepository.update(partnerId, body);
    return { status: 200, body: await partnerView(partnerId) };
  },

  'POST /admin/partners/{partnerId}/keys': async (request) => {
    requireAdmin(request.caller);
    const { partnerId } = parseRequestPart(PartnerPathSchema, request.pathParameters, 'path');
    const { validForDays } = parseRequestPart(IssueKeySchema, request.body ?? {}, 'body');
    const key = issueKey(validForDays, new Date());
    await partnerRepository.addApiKey(partnerId, key);
    return { status: 201, body: { keyId: key.keyId, apiKey: key.apiKey, ...(key.validUntil ? { validUntil: key.validUntil } : {}) } };
  },

  'DELETE /admin/partners/{partnerId}/keys/{keyId}': async (request) => {
    requireAdmin(request.caller);
    const { partnerId, keyId } = parseRequestPart(KeyPathSchema, request.pathParameters, 'path');
    await partnerRepository.revokeApiKey(partnerId, keyId, new Date());
    return { status: 204 };
  },
});
