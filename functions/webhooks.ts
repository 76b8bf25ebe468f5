/**
 * A partner's webhook (admin only): register or replace it, read it, remove it. The secret is
 * answered once, by the `PUT` (shared/webhooks/registration.ts). Its own function: the only
 * route function granted the webhook items, which hold the signing keys.
 */
import { createFunctionHandler } from '#http/handler';
import { WebhookRepository } from '#store/webhook-repository';
import { deleteWebhook, putWebhook, viewWebhook } from '#webhooks/registration';
import { documentClient, environment, partnerRepository } from './runtime.ts';
import { resolveAddressesOf, urlPolicy } from './webhook-settings.ts';

const deps = {
  store: new WebhookRepository(documentClient, environment.TABLE_NAME),
  findPartner: (partnerId: string) => partnerRepository.find(partnerId),
  resolve: resolveAddressesOf,
  urlPolicy,
};

export const handler = createFunctionHandler('webhooks', {
  'PUT /admin/partners/{partnerId}/webhook': async ({ path, body }) => {
    const { secret, webhook } = await putWebhook(deps, path.partnerId, body, new Date());
    // The secret is shown here, once; GET never answers it.
    return { status: 200, body: { ...webhook, secret } };
  },

  'GET /admin/partners/{partnerId}/webhook': async ({ path }) => ({ status: 200, body: await viewWebhook(deps, path.partnerId) }),

  'DELETE /admin/partners/{partnerId}/webhook': async ({ path }) => {
    await deleteWebhook(deps, path.partnerId);
    return { status: 204 };
  },
});
