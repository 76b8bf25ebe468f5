/**
 * Where a customer stopped: the remembered configuration of a product. Saving keeps whatever
 * the customer had (unfinished, even conflicting), as long as every pick names a choice.
 * Continuing re-checks it against today's catalog, like a repeat order: a pick whose choice was
 * deleted is dropped and a retired one moves to its replacement, each change with its reason, so
 * the customer continues instead of meeting an error.
 */
import type { CallerIdentity } from '#core/caller';
import { NotFoundError } from '#core/errors';
import { changesOfRepair, dropUnknownPicks } from '#catalog/reconcile-picks';
import type { CompiledCatalogs } from '#catalog/compiled-catalogs';
import { withPickFindings } from '#catalog/pick-findings';
import { checkPicks, configure } from '#engine/index';
import { channelOf, ownedCustomer, type CustomerLookup } from './access.ts';
import { isCustomerFacing } from './contacts.ts';
import type { RememberedConfiguration } from './ports.ts';
import type { Touchpoint } from './profile.ts';

/** Where remembered configurations are kept. */
export interface ConfigurationStore extends CustomerLookup {
  getConfiguration(tenantId: string, customerId: string, productId: string): Promise<RememberedConfiguration | undefined>;
  /**
   * Saves at `expectedVersion` (0: first save) and moves the last touchpoint when one is given;
   * a stale version → PreconditionFailedError.
   */
  saveConfiguration(
    tenantId: string,
    customerId: string,
    configuration: RememberedConfiguration,
    expectedVersion: number,
    touchpoint: Touchpoint | undefined,
  ): Promise<void>;
}

/** A change continuing made to the remembered picks, and why. */
export interface ConfigurationChange {
  kind: 'dropped' | 'replaced';
  group: string;
  from: string;
  to?: string;
  reason: string;
}

/** The remembered configuration as it continues today: re-checked picks, and what changed since it was saved. */
export interface ContinuedConfiguration extends RememberedConfiguration {
  /** Present when today's catalog changed the remembered picks. */
  repaired?: { fromVersion: number; changes: ConfigurationChange[] };
}

export interface ConfigurationDeps {
  store: ConfigurationStore;
  catalogs: Pick<CompiledCatalogs, 'get'>;
  now(): Date;
}

/** `GET /customers/{customerId}/configurations/{productId}`. */
export async function continueConfiguration(
  deps: ConfigurationDeps,
  caller: CallerIdentity,
  customerId: string,
  productId: string,
): Promise<ContinuedConfiguration> {
  const profile = await ownedCustomer(caller, customerId, deps.store);
  const saved = await deps.store.getConfiguration(profile.tenantId, profile.customerId, productId);
  if (!saved) throw new NotFoundError(`no configuration of ${productId} is remembered for this customer`);
  const { version, compiled } = await deps.catalogs.get(productId);
  if (version === saved.catalogVersion) return saved;
  const known = dropUnknownPicks(compiled.doc, saved.picks);
  const changes: ConfigurationChange[] = [...known.dropped];
  let picks = known.picks;
  // Retired choices (and whatever no longer goes together) are repaired as the engine proposes,
  // keeping as many of the customer's picks as possible, in their order.
  const answer = configure(compiled, picks, { tier: profile.tier, today: deps.now().toISOString().slice(0, 10), keepFirst: picks });
  if (!answer.valid && answer.repair) {
    changes.push(...changesOfRepair(answer.repair));
    picks = answer.repair.picks;
  }
  if (changes.length === 0) return { ...saved, catalogVersion: version };
  return { ...saved, catalogVersion: version, picks, repaired: { fromVersion: saved.catalogVersion, changes } };
}

/**
 * `PUT /customers/{customerId}/configurations/{productId}`: the saved configuration and whether it
 * was the first save. Only a customer-facing save (the customer's own, or a partner's with the
 * customer present) moves the last touchpoint: a back-office save is not a contact.
 */
export async function saveConfiguration(
  deps: ConfigurationDeps,
  caller: CallerIdentity,
  request: { customerId: string; productId: string; picks: string[]; expectedVersion: number; customerPresent?: boolean },
): Promise<{ configuration: RememberedConfiguration; created: boolean }> {
  const profile = await ownedCustomer(caller, request.customerId, deps.store);
  const { version: catalogVersion, compiled } = await deps.catalogs.get(request.productId);
  // Where the customer stopped may be unfinished or even conflicting, but every pick must name a real choice.
  withPickFindings(request.picks, { productId: request.productId, version: catalogVersion }, () => checkPicks(compiled, request.picks));
  const at = deps.now().toISOString();
  const configuration: RememberedConfiguration = {
    productId: request.productId,
    catalogVersion,
    picks: request.picks,
    version: request.expectedVersion + 1,
    savedAt: at,
    channel: channelOf(caller),
  };
  const touchpoint: Touchpoint | undefined = isCustomerFacing(caller, request.customerPresent ?? false)
    ? { productId: request.productId, channel: configuration.channel, at, action: 'saved-configuration' }
    : undefined;
  await deps.store.saveConfiguration(profile.tenantId, profile.customerId, configuration, request.expectedVersion, touchpoint);
  return { configuration, created: request.expectedVersion === 0 };
}
