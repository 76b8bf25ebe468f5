/**
 * `PUT`/`GET`/`DELETE /admin/partners/{partnerId}/webhook`: one webhook per partner. A `PUT`
 * replaces it with a new secret (that is also how a secret is rotated); the secret is answered
 * only by that `PUT`.
 */
import { NotFoundError } from '#core/errors';
import type { AddressResolver, WebhookStore } from './ports.ts';
import type { PutWebhook } from './schemas.ts';
import { checkWebhookUrl, type UrlPolicy } from './url-rules.ts';
import { newSigningKey, SECRET_PREFIX, type WebhookView } from './webhook.ts';

export interface WebhookRegistrationDeps {
  store: WebhookStore;
  /** The partner, or undefined: only partners have webhooks. */
  findPartner: (partnerId: string) => Promise<unknown>;
  resolve: AddressResolver;
  urlPolicy: UrlPolicy;
}

async function requirePartner(deps: Pick<WebhookRegistrationDeps, 'findPartner'>, partnerId: string): Promise<void> {
  if ((await deps.findPartner(partnerId)) === undefined) throw new NotFoundError(`partner ${partnerId} not found`);
}

/** Registers (or replaces) the webhook; the new secret, shown once. */
export async function putWebhook(
  deps: WebhookRegistrationDeps,
  partnerId: string,
  input: PutWebhook,
  now: Date,
): Promise<{ secret: string; webhook: WebhookView }> {
  await requirePartner(deps, partnerId);
  await checkWebhookUrl(input.url, deps.urlPolicy, deps.resolve);
  const previous = await deps.store.find(partnerId);
  const signingKey = newSigningKey();
  const at = now.toISOString();
  const subscription = {
    partnerId,
    url: input.url,
    events: [...input.events],
    signingKey,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  };
  await deps.store.put(subscription);
  const { signingKey: _, ...webhook } = subscription;
  return { secret: `${SECRET_PREFIX}${signingKey}`, webhook };
}

/** The webhook without its secret; NotFoundError when the partner has none. */
export async function viewWebhook(deps: Pick<WebhookRegistrationDeps, 'store'>, partnerId: string): Promise<WebhookView> {
  const found = await deps.store.find(partnerId);
  if (!found) throw new NotFoundError(`partner ${partnerId} has no webhook`);
  const { signingKey: _, ...view } = found;
  return view;
}

/** Removes the webhook: events not yet delivered are dropped at their next attempt. */
export async function deleteWebhook(deps: Pick<WebhookRegistrationDeps, 'store'>, partnerId: string): Promise<void> {
  if (!(await deps.store.remove(partnerId))) throw new NotFoundError(`partner ${partnerId} has no webhook`);
}
