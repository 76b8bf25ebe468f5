/**
 * Customers: profiles, remembered configurations, pre-assembled repeat orders. Every item of
 * a customer lives in the partition `TENANT#<t>#CUSTOMER#<c>`, so a tenant can only address
 * its own customers.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile, Touchpoint } from '#customers/profile';
import type { StoredRepeatOrder } from '#orders/ports';
import type { CreationKey, RememberedConfiguration } from '#customers/ports';
import type { PersonalStatisticsWrite } from '#recommend/learning';
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#core/errors';
import { customerItemPrefix, keys, LISTING_SHARDS, rememberedProductOf } from './keys.ts';
import { dynamoShardReader, readShardedPage, type ShardedPage } from './sharded-listing.ts';
import { queryAllPages } from './query-pages.ts';
import { callStore, failedConditions, isConditionFailed, type NamedItem, type NamedTransaction, namedTransaction } from './store-errors.ts';
import { buildPersonalStatisticsQuery, buildPersonalStatisticsWrites } from './statistics-repository.ts';
import { setFields } from './update-expression.ts';

/** DynamoDB's limit on the actions of one TransactWriteItems. */
const MAX_TRANSACTION_ACTIONS = 100;

/** The condition that a profile's opt-out is still what the merge plan read. */
function optOutUnchanged(doNotProfile: boolean): { ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> } {
  return doNotProfile
    ? { ConditionExpression: 'doNotProfile = :readOptOut', ExpressionAttributeValues: { ':readOptOut': true } }
    : {
        ConditionExpression: '(attribute_not_exists(doNotProfile) OR doNotProfile = :readOptOut)',
        ExpressionAttributeValues: { ':readOptOut': false },
      };
}
const PROFILE_FIELDS = ['PK', 'SK', 'GSI1PK', 'GSI1SK'] as const;

function profileFromItem(item: Record<string, unknown>): CustomerProfile {
  const profile = { ...item } as Record<string, unknown>;
  for (const field of PROFILE_FIELDS) delete profile[field];
  return profile as unknown as CustomerProfile;
}

/** The actions of the customer-creating transaction, by name. */
export type CreateCustomerAction = 'profile' | 'tenant-pointer' | 'email' | 'idempotency';

/**
 * Creates a profile (listed among its tenant's customers), its tenant pointer and, when given,
 * its sign-in e-mail, each only if it does not exist yet (pure).
 */
export function buildCreateCustomerTransaction(
  tableName: string,
  profile: CustomerProfile,
  emailSha256?: string,
  key?: CreationKey,
): NamedTransaction<CreateCustomerAction> {
  const { tenantId, customerId } = profile;
  const items: NamedItem<CreateCustomerAction>[] = [
    {
      name: 'profile',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.customerProfile(tenantId, customerId), ...keys.customerListing(tenantId, customerId), ...profile },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    {
      name: 'tenant-pointer',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.customerTenant(customerId), tenantId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ];
  if (emailSha256)
    items.push({
      name: 'email',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.customerEmail(tenantId, emailSha256), customerId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    });
  // The key a partner created the customer with: a retry finds it (and DynamoDB's TTL forgets it after a day).
  if (key)
    items.push({
      name: 'idempotency',
      item: {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.idempotency(tenantId, key.idempotencyKey),
            state: 'done',
            requestHash: key.requestHash,
            statusCode: 201,
            customerId,
            expiresAt: Math.floor(Date.parse(profile.createdAt) / 1000) + 24 * 60 * 60,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    });
  return namedTransaction(items);
}

/** Reads a customer's profile (pure). */
export function buildGetCustomer(tableName: string, tenantId: string, customerId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.customerProfile(tenantId, customerId) };
}

/** Reads which tenant a customer id belongs to (pure). */
export function buildGetCustomerTenant(tableName: string, customerId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.customerTenant(customerId) };
}

/** Reads which of a tenant's customers signs in with an e-mail address, by its hash (pure). */
export function buildGetCustomerEmail(tableName: string, tenantId: string, emailSha256: string): GetCommandInput {
  return { TableName: tableName, Key: keys.customerEmail(tenantId, emailSha256) };
}

/** Sets top-level profile fields of an existing profile, answering the profile as it is now (pure). */
export function buildUpdateCustomer(
  tableName: string,
  tenantId: string,
  customerId: string,
  fields: Partial<CustomerProfile>,
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: keys.customerProfile(tenantId, customerId),
    ...setFields(fields),
    ConditionExpression: 'attribute_exists(PK)',
    ReturnValues: 'ALL_NEW',
  };
}

/** Reads the remembered configuration of one product (pure). */
export function buildGetConfiguration(tableName: string, tenantId: string, customerId: string, productId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.rememberedConfiguration(tenantId, customerId, productId) };
}

/** The actions of the configuration-saving transaction, by name. */
export type SaveConfigurationAction = 'configuration' | 'profile';

/**
 * Saves a configuration if its stored version is still `expectedVersion` (0: none stored yet),
 * and moves the customer's last touchpoint when one is given (a customer-facing save), only on a
 * profile that exists (pure).
 */
export function buildSaveConfigurationTransaction(
  tableName: string,
  tenantId: string,
  customerId: string,
  configuration: RememberedConfiguration,
  expectedVersion: number,
  touchpoint: Touchpoint | undefined,
): NamedTransaction<SaveConfigurationAction> {
  return namedTransaction<SaveConfigurationAction>([
    {
      name: 'configuration',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.rememberedConfiguration(tenantId, customerId, configuration.productId), ...configuration },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
    },
    {
      name: 'profile',
      item: touchpoint
        ? {
            Update: {
              TableName: tableName,
              Key: keys.customerProfile(tenantId, customerId),
              UpdateExpression: 'SET lastTouchpoint = :touchpoint',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':touchpoint': touchpoint },
            },
          }
        : {
            ConditionCheck: {
              TableName: tableName,
              Key: keys.customerProfile(tenantId, customerId),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
    },
  ]);
}

/** Reads the repeat order of one product (pure). */
export function buildGetRepeatOrder(tableName: string, tenantId: string, customerId: string, productId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.repeatOrder(tenantId, customerId, productId) };
}

/** Replaces a repeat order only if it is still the one assembled at `previousAssembledAt` (pure). */
export function buildReplaceRepeatOrder(
  tableName: string,
  tenantId: string,
  customerId: string,
  repeatOrder: StoredRepeatOrder,
  previousAssembledAt: string,
): PutCommandInput {
  return {
    TableName: tableName,
    Item: { ...keys.repeatOrder(tenantId, customerId, repeatOrder.productId), ...repeatOrder },
    ConditionExpression: 'assembledAt = :previous',
    ExpressionAttributeValues: { ':previous': previousAssembledAt },
  };
}

/** The sort keys of one family of a customer's remembered items, configurations or repeat orders (pure). */
export function buildRememberedItemsQuery(
  tableName: string,
  tenantId: string,
  customerId: string,
  family: 'configuration' | 'repeatOrder',
): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.customerPartition(tenantId, customerId), ':prefix': customerItemPrefix[family] },
    ProjectionExpression: 'SK',
  };
}

/** The products of remembered items, each once, in id order (pure). */
export function rememberedProductIds(items: readonly Record<string, unknown>[]): string[] {
  const products = new Set<string>();
  for (const item of items) {
    const productId = rememberedProductOf(String(item.SK));
    if (productId !== undefined) products.add(productId);
  }
  return [...products].sort();
}

/**
 * Copies the customer's tier and service preferences into one of their repeat orders, only if
 * it still exists (an update would otherwise create a bare item) (pure).
 */
export function buildRefreshRepeatOrder(
  tableName: string,
  tenantId: string,
  customerId: string,
  productId: string,
  customer: StoredRepeatOrder['customer'],
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: keys.repeatOrder(tenantId, customerId, productId),
    UpdateExpression: 'SET customer = :customer',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':customer': customer },
  };
}

/** What a merge takes over from the duplicate for one product: its remembered items as read. */
export interface AdoptedMemory {
  productId: string;
  configuration?: RememberedConfiguration;
  repeatOrder?: StoredRepeatOrder;
}

/** The actions of the merge transaction, by name. */
export type MergeAction = 'kept' | 'duplicate' | 'configuration-copy' | 'repeat-order-copy' | 'statistics';

/**
 * The one transaction of a merge (pure): the kept profile's new fields, the duplicate marked
 * merged, both only while unmerged and with the opt-outs the plan read; the duplicate's memory
 * copied where the kept record has none; the personal statistics writes. Throws
 * `InvalidInputError` when that is more than one transaction holds.
 */
export function buildMergeTransaction(
  tableName: string,
  tenantId: string,
  keptId: string,
  duplicateId: string,
  plan: { kept: Partial<CustomerProfile>; readOptOut: { kept: boolean; duplicate: boolean } },
  adopted: readonly AdoptedMemory[],
  statisticsWrites: readonly PersonalStatisticsWrite[],
  updatedAt: string,
): NamedTransaction<MergeAction> {
  const copies: NamedItem<MergeAction>[] = [];
  for (const { productId, configuration, repeatOrder } of adopted) {
    if (configuration)
      copies.push({
        name: 'configuration-copy',
        item: {
          Put: {
            TableName: tableName,
            Item: { ...keys.rememberedConfiguration(tenantId, keptId, productId), ...configuration },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      });
    if (repeatOrder)
      copies.push({
        name: 'repeat-order-copy',
        item: {
          Put: {
            TableName: tableName,
            Item: { ...keys.repeatOrder(tenantId, keptId, productId), ...repeatOrder },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      });
  }
  for (const item of buildPersonalStatisticsWrites(tableName, tenantId, statisticsWrites, updatedAt))
    copies.push({ name: 'statistics', item });
  if (copies.length + 2 > MAX_TRANSACTION_ACTIONS) {
    throw new InvalidInputError('these records cannot be merged in one step', [
      {
        path: ['duplicateId'],
        code: 'too-large',
        message: `the merge would write ${copies.length + 2} items; one transaction holds at most ${MAX_TRANSACTION_ACTIONS}`,
      },
    ]);
  }
  const keptCondition = optOutUnchanged(plan.readOptOut.kept);
  const duplicateCondition = optOutUnchanged(plan.readOptOut.duplicate);
  const keptUpdate = setFields(plan.kept);
  return namedTransaction<MergeAction>([
    {
      name: 'kept',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.customerProfile(tenantId, keptId),
          ...keptUpdate,
          // An opt-out landing after the plan was read must not be overwritten.
          ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(mergedInto) AND ${keptCondition.ConditionExpression}`,
          ExpressionAttributeValues: { ...keptUpdate.ExpressionAttributeValues, ...keptCondition.ExpressionAttributeValues },
        },
      },
    },
    {
      name: 'duplicate',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.customerProfile(tenantId, duplicateId),
          UpdateExpression: 'SET mergedInto = :kept',
          ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(mergedInto) AND ${duplicateCondition.ConditionExpression}`,
          ExpressionAttributeValues: { ':kept': keptId, ...duplicateCondition.ExpressionAttributeValues },
        },
      },
    },
    ...copies,
  ]);
}

/** Deletes one of a customer's own statistics items (pure). */
export function buildDeletePersonalStatistics(
  tableName: string,
  tenantId: string,
  customerId: string,
  productId: string,
): DeleteCommandInput {
  return { TableName: tableName, Key: keys.customerStatistics(tenantId, customerId, productId) };
}

/** The keys of every item in a customer's partition, and an order's gift if it has one (pure). */
export function buildCustomerPartitionQuery(tableName: string, tenantId: string, customerId: string): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.customerPartition(tenantId, customerId) },
    ProjectionExpression: 'PK, SK, #gift',
    ExpressionAttributeNames: { '#gift': 'gift' },
  };
}

/**
 * The updates that take a gift's recipient (a third person's name and address) off each of an
 * erased customer's gift orders (pure). The orders stay; only an order that still exists is
 * touched, so nothing is re-created.
 */
export function buildEraseGifts(tableName: string, partitionItems: readonly Record<string, unknown>[]): UpdateCommandInput[] {
  return partitionItems
    .filter((item) => String(item.SK).startsWith(customerItemPrefix.order) && item.gift !== undefined)
    .map((item) => ({
      TableName: tableName,
      Key: { PK: String(item.PK), SK: String(item.SK) },
      UpdateExpression: 'REMOVE #gift',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#gift': 'gift' },
    }));
}

/**
 * The deletes that erase a customer (pure): every item of their partition but the orders, the
 * tenant pointer, the sign-in e-mail when given, and the profile last: until it is gone, a
 * retry finds the customer and finishes the job.
 */
export function buildEraseDeletes(
  tableName: string,
  tenantId: string,
  customerId: string,
  partitionKeys: readonly Record<string, unknown>[],
  emailSha256?: string,
): DeleteCommandInput[] {
  const toDelete = partitionKeys
    .filter((item) => !String(item.SK).startsWith(customerItemPrefix.order))
    .map((item) => ({ PK: String(item.PK), SK: String(item.SK) }));
  toDelete.push(keys.customerTenant(customerId));
  if (emailSha256) toDelete.push(keys.customerEmail(tenantId, emailSha256));
  toDelete.sort((a, b) => Number(a.SK === 'PROFILE') - Number(b.SK === 'PROFILE'));
  return toDelete.map((key) => ({ TableName: tableName, Key: key }));
}

export class CustomerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Creates a profile, its tenant pointer and (optionally) its sign-in e-mail, all or nothing. */
  async create(profile: CustomerProfile, emailSha256?: string, key?: CreationKey): Promise<void> {
    const transaction = buildCreateCustomerTransaction(this.tableName, profile, emailSha256, key);
    try {
      await callStore('create customer', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      if (failedConditions(error, transaction.names)) throw new ConflictError('this customer or e-mail exists already');
      throw error;
    }
  }

  async createdWithKey(tenantId: string, idempotencyKey: string): Promise<{ customerId: string; requestHash: string } | undefined> {
    const result = await callStore('read idempotency key', () =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keys.idempotency(tenantId, idempotencyKey), ConsistentRead: true }),
      ),
    );
    const item = result.Item;
    return item && typeof item.customerId === 'string' ? { customerId: item.customerId, requestHash: String(item.requestHash) } : undefined;
  }

  async get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined> {
    const result = await callStore('read customer', () =>
      this.client.send(new GetCommand(buildGetCustomer(this.tableName, tenantId, customerId))),
    );
    return result.Item ? profileFromItem(result.Item) : undefined;
  }

  /**
   * One page of a tenant's customers across its listing shards, in id order; `position` is the
   * `next` of the previous page (the HTTP layer signs it into a cursor).
   */
  async listForTenant(tenantId: string, limit: number, position?: string): Promise<ShardedPage<CustomerProfile>> {
    const read = dynamoShardReader(
      this.client,
      this.tableName,
      (shard) => keys.customerListing(tenantId, '', shard).GSI1PK,
      true,
      'list tenant customers',
    );
    const page = await readShardedPage({
      shards: LISTING_SHARDS,
      limit,
      forward: true,
      ...(position === undefined ? {} : { position }),
      read,
      sortKey: (item) => String(item.GSI1SK),
    });
    return { items: page.items.map(profileFromItem), ...(page.next === undefined ? {} : { next: page.next }) };
  }

  /** The tenant of a customer id (for admins, who act across tenants). */
  async findTenant(customerId: string): Promise<string | undefined> {
    const result = await callStore('read customer tenant', () =>
      this.client.send(new GetCommand(buildGetCustomerTenant(this.tableName, customerId))),
    );
    return typeof result.Item?.tenantId === 'string' ? result.Item.tenantId : undefined;
  }

  async findByEmail(tenantId: string, emailSha256: string): Promise<string | undefined> {
    const result = await callStore('read customer e-mail', () =>
      this.client.send(new GetCommand(buildGetCustomerEmail(this.tableName, tenantId, emailSha256))),
    );
    return typeof result.Item?.customerId === 'string' ? result.Item.customerId : undefined;
  }

  /** Sets the given top-level profile fields; the profile must exist. */
  async update(tenantId: string, customerId: string, fields: Partial<CustomerProfile>): Promise<CustomerProfile> {
    try {
      const result = await callStore('update customer', () =>
        this.client.send(new UpdateCommand(buildUpdateCustomer(this.tableName, tenantId, customerId, fields))),
      );
      return profileFromItem(result.Attributes!);
    } catch (error) {
      if (isConditionFailed(error)) throw new NotFoundError(`customer ${customerId} not found`);
      throw error;
    }
  }

  async getConfiguration(tenantId: string, customerId: string, productId: string): Promise<RememberedConfiguration | undefined> {
    const result = await callStore('read configuration', () =>
      this.client.send(new GetCommand(buildGetConfiguration(this.tableName, tenantId, customerId, productId))),
    );
    if (!result.Item) return undefined;
    const { PK: _pk, SK: _sk, ...configuration } = result.Item;
    return configuration as RememberedConfiguration;
  }

  /**
   * Saves the configuration if its stored version is still `expectedVersion` (0: none stored
   * yet), and moves the customer's last touchpoint if one is given, in one transaction. A stale version gets
   * `PreconditionFailedError` with the current version; a customer erased meanwhile `NotFoundError`.
   */
  async saveConfiguration(
    tenantId: string,
    customerId: string,
    configuration: RememberedConfiguration,
    expectedVersion: number,
    touchpoint: Touchpoint | undefined,
  ): Promise<void> {
    const transaction = buildSaveConfigurationTransaction(this.tableName, tenantId, customerId, configuration, expectedVersion, touchpoint);
    try {
      await callStore('save configuration', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      const failed = failedConditions(error, transaction.names);
      // Erased between the read and this save: no version check can help.
      if (failed?.has('profile')) throw new NotFoundError(`customer ${customerId} not found`);
      if (failed) {
        const current = await this.getConfiguration(tenantId, customerId, configuration.productId);
        throw new PreconditionFailedError(
          current
            ? `the configuration is at version ${current.version}; reload it and save again with If-Match: "${current.version}"`
            : 'there is no saved configuration to update; save without If-Match',
          current?.version ?? 0,
        );
      }
      throw error;
    }
  }

  async getRepeatOrder(tenantId: string, customerId: string, productId: string): Promise<StoredRepeatOrder | undefined> {
    const result = await callStore('read repeat order', () =>
      this.client.send(new GetCommand(buildGetRepeatOrder(this.tableName, tenantId, customerId, productId))),
    );
    if (!result.Item) return undefined;
    const { PK: _pk, SK: _sk, ...stored } = result.Item;
    return stored as StoredRepeatOrder;
  }

  /** Stores a re-checked repeat order unless another writer replaced it since `previousAssembledAt`. */
  async replaceRepeatOrder(
    tenantId: string,
    customerId: string,
    repeatOrder: StoredRepeatOrder,
    previousAssembledAt: string,
  ): Promise<void> {
    try {
      await callStore('save repeat order', () =>
        this.client.send(new PutCommand(buildReplaceRepeatOrder(this.tableName, tenantId, customerId, repeatOrder, previousAssembledAt))),
      );
    } catch (error) {
      // Someone placed a newer order meanwhile: theirs is the better repeat order.
      if (!isConditionFailed(error)) throw error;
    }
  }

  /** Copies the customer's current tier and service preferences into each of their repeat orders. */
  async refreshRepeatOrders(tenantId: string, customerId: string, customer: StoredRepeatOrder['customer']): Promise<void> {
    const items = await queryAllPages(
      this.client,
      buildRememberedItemsQuery(this.tableName, tenantId, customerId, 'repeatOrder'),
      'list repeat orders',
    );
    for (const productId of rememberedProductIds(items)) {
      try {
        await callStore('refresh repeat order', () =>
          this.client.send(new UpdateCommand(buildRefreshRepeatOrder(this.tableName, tenantId, customerId, productId, customer))),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
  }

  /**
   * Product ids with a remembered configuration or repeat order, for a merge: a configuration
   * saved but never ordered counts too (the merge copies it, and must not copy onto it).
   */
  async rememberedProducts(tenantId: string, customerId: string): Promise<string[]> {
    const families = await Promise.all(
      (['configuration', 'repeatOrder'] as const).map((family) =>
        queryAllPages(this.client, buildRememberedItemsQuery(this.tableName, tenantId, customerId, family), 'list remembered products'),
      ),
    );
    return rememberedProductIds(families.flat());
  }

  /**
   * Applies a merge in one transaction: the kept profile's new fields, the duplicate marked
   * merged, and the duplicate's remembered configurations and repeat orders copied over for
   * the products the kept record lacks. Both records must still be unmerged.
   */
  async merge(
    tenantId: string,
    keptId: string,
    duplicateId: string,
    plan: { kept: Partial<CustomerProfile>; adoptProducts: string[]; readOptOut: { kept: boolean; duplicate: boolean } },
    statisticsWrites: readonly PersonalStatisticsWrite[],
  ): Promise<void> {
    const adopted: AdoptedMemory[] = [];
    for (const productId of plan.adoptProducts) {
      const [configuration, repeatOrder] = await Promise.all([
        this.getConfiguration(tenantId, duplicateId, productId),
        this.getRepeatOrder(tenantId, duplicateId, productId),
      ]);
      adopted.push({ productId, ...(configuration ? { configuration } : {}), ...(repeatOrder ? { repeatOrder } : {}) });
    }
    const transaction = buildMergeTransaction(
      this.tableName,
      tenantId,
      keptId,
      duplicateId,
      plan,
      adopted,
      statisticsWrites,
      new Date().toISOString(),
    );
    try {
      await callStore('merge customers', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      if (failedConditions(error, transaction.names))
        throw new ConflictError(
          'one of the records changed meanwhile (merged, erased, opted out, given a new memory or taught by a new order); try again',
        );
      throw error;
    }
  }

  async forgetPersonalStatistics(tenantId: string, customerId: string): Promise<void> {
    const prefix = keys.customerStatistics(tenantId, customerId, '').SK;
    const items = await queryAllPages(
      this.client,
      buildPersonalStatisticsQuery(this.tableName, tenantId, customerId),
      'read personal statistics',
    );
    for (const item of items) {
      const productId = String(item.SK).slice(prefix.length);
      await callStore('forget personal statistics', () =>
        this.client.send(new DeleteCommand(buildDeletePersonalStatistics(this.tableName, tenantId, customerId, productId))),
      );
    }
  }

  /**
   * Erases a customer's personal data: profile, remembered configurations, repeat orders, the
   * tenant pointer, the sign-in e-mail and the recipients of their gifts. Orders stay; they
   * carry no contact details then, only the now meaningless customer id. Gifts go first, the
   * profile last: until it is gone, a retry finds the customer and finishes the job.
   */
  async erase(tenantId: string, customerId: string, emailSha256?: string): Promise<void> {
    const items = await queryAllPages(
      this.client,
      buildCustomerPartitionQuery(this.tableName, tenantId, customerId),
      'list customer items',
    );
    for (const update of buildEraseGifts(this.tableName, items)) {
      try {
        await callStore('erase gift recipient', () => this.client.send(new UpdateCommand(update)));
      } catch (error) {
        // The order is gone meanwhile: nothing left to erase.
        if (!isConditionFailed(error)) throw error;
      }
    }
    for (const remove of buildEraseDeletes(this.tableName, tenantId, customerId, items, emailSha256)) {
      await callStore('erase customer item', () => this.client.send(new DeleteCommand(remove)));
    }
  }
}
