/**
 * Customers: profiles, remembered configurations, pre-assembled repeat orders. Every item of
 * a customer lives in the partition `TENANT#<t>#CUSTOMER#<c>`, so a tenant can only address
 * its own customers.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile, Touchpoint } from '#customers/profile';
import type { StoredRepeatOrder } from '#orders/ports';
import type { RememberedConfiguration } from '#customers/ports';
import type { PersonalStatisticsWrite } from '#recommend/learning';
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#core/errors';
import { keys } from './keys.ts';
import { queryAllPages } from './query-pages.ts';
import { callStore } from './store-errors.ts';
import { buildPersonalStatisticsQuery, buildPersonalStatisticsWrites } from './statistics-repository.ts';
import { setFields } from './update-expression.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

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

export class CustomerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Creates a profile, its tenant pointer and (optionally) its sign-in e-mail, all or nothing. */
  async create(profile: CustomerProfile, emailSha256?: string): Promise<void> {
    const { tenantId, customerId } = profile;
    try {
      await callStore('create customer', () =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.customerProfile(tenantId, customerId), ...keys.customerListing(tenantId, customerId), ...profile },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.customerTenant(customerId), tenantId },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              ...(emailSha256
                ? [
                    {
                      Put: {
                        TableName: this.tableName,
                        Item: { ...keys.customerEmail(tenantId, emailSha256), customerId },
                        ConditionExpression: 'attribute_not_exists(PK)',
                      },
                    },
                  ]
                : []),
            ],
          }),
        ),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException')
        throw new ConflictError('this customer or e-mail exists already');
      throw error;
    }
  }

  async get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined> {
    const result = await callStore('read customer', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.customerProfile(tenantId, customerId) })),
    );
    return result.Item ? profileFromItem(result.Item) : undefined;
  }

  /** The tenant of a customer id (for admins, who act across tenants). */
  async findTenant(customerId: string): Promise<string | undefined> {
    const result = await callStore('read customer tenant', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.customerTenant(customerId) })),
    );
    return typeof result.Item?.tenantId === 'string' ? result.Item.tenantId : undefined;
  }

  async findByEmail(tenantId: string, emailSha256: string): Promise<string | undefined> {
    const result = await callStore('read customer e-mail', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.customerEmail(tenantId, emailSha256) })),
    );
    return typeof result.Item?.customerId === 'string' ? result.Item.customerId : undefined;
  }

  /** Sets the given top-level profile fields; the profile must exist. */
  async update(tenantId: string, customerId: string, fields: Partial<CustomerProfile>): Promise<CustomerProfile> {
    try {
      const result = await callStore('update customer', () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.customerProfile(tenantId, customerId),
            ...setFields(fields),
            ConditionExpression: 'attribute_exists(PK)',
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return profileFromItem(result.Attributes!);
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
        throw new NotFoundError(`customer ${customerId} not found`);
      throw error;
    }
  }

  async getConfiguration(tenantId: string, customerId: string, productId: string): Promise<RememberedConfiguration | undefined> {
    const result = await callStore('read configuration', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.rememberedConfiguration(tenantId, customerId, productId) })),
    );
    if (!result.Item) return undefined;
    const { PK: _pk, SK: _sk, ...configuration } = result.Item;
    return configuration as RememberedConfiguration;
  }

  /**
   * Saves the configuration if its stored version is still `expectedVersion` (0: none stored
   * yet), and moves the customer's last touchpoint, in one transaction. A stale version gets
   * `PreconditionFailedError` with the current version.
   */
  async saveConfiguration(
    tenantId: string,
    customerId: string,
    configuration: RememberedConfiguration,
    expectedVersion: number,
    touchpoint: Touchpoint,
  ): Promise<void> {
    const key = keys.rememberedConfiguration(tenantId, customerId, configuration.productId);
    try {
      await callStore('save configuration', () =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...key, ...configuration },
                  ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
                  ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.customerProfile(tenantId, customerId),
                  UpdateExpression: 'SET lastTouchpoint = :touchpoint',
                  ConditionExpression: 'attribute_exists(PK)',
                  ExpressionAttributeValues: { ':touchpoint': touchpoint },
                },
              },
            ],
          }),
        ),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
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
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.repeatOrder(tenantId, customerId, productId) })),
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
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.repeatOrder(tenantId, customerId, repeatOrder.productId), ...repeatOrder },
            ConditionExpression: 'assembledAt = :previous',
            ExpressionAttributeValues: { ':previous': previousAssembledAt },
          }),
        ),
      );
    } catch (error) {
      // Someone placed a newer order meanwhile: theirs is the better repeat order.
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
  }

  /** Copies the customer's current tier and service preferences into each of their repeat orders. */
  async refreshRepeatOrders(tenantId: string, customerId: string, customer: StoredRepeatOrder['customer']): Promise<void> {
    const partition = keys.customerPartition(tenantId, customerId);
    const result = await callStore('list repeat orders', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': 'REORDER#' },
          ProjectionExpression: 'PK, SK',
        }),
      ),
    );
    for (const item of result.Items ?? []) {
      try {
        await callStore('refresh repeat order', () =>
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { PK: item.PK, SK: item.SK },
              UpdateExpression: 'SET customer = :customer',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':customer': customer },
            }),
          ),
        );
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      }
    }
  }

  /** Product ids with a remembered configuration or repeat order, for a merge. */
  async rememberedProducts(tenantId: string, customerId: string): Promise<string[]> {
    const result = await callStore('list remembered products', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.customerPartition(tenantId, customerId), ':prefix': 'REORDER#' },
          ProjectionExpression: 'SK',
        }),
      ),
    );
    return (result.Items ?? []).map((item) => String(item.SK).slice('REORDER#'.length));
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
    const copies: TransactItem[] = [];
    for (const productId of plan.adoptProducts) {
      const [configuration, repeatOrder] = await Promise.all([
        this.getConfiguration(tenantId, duplicateId, productId),
        this.getRepeatOrder(tenantId, duplicateId, productId),
      ]);
      if (configuration)
        copies.push({
          Put: {
            TableName: this.tableName,
            Item: { ...keys.rememberedConfiguration(tenantId, keptId, productId), ...configuration },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        });
      if (repeatOrder)
        copies.push({
          Put: {
            TableName: this.tableName,
            Item: { ...keys.repeatOrder(tenantId, keptId, productId), ...repeatOrder },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        });
    }
    copies.push(...buildPersonalStatisticsWrites(this.tableName, tenantId, statisticsWrites, new Date().toISOString()));
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
    try {
      await callStore('merge customers', () =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.customerProfile(tenantId, keptId),
                  ...keptUpdate,
                  // An opt-out landing after the plan was read must not be overwritten.
                  ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(mergedInto) AND ${keptCondition.ConditionExpression}`,
                  ExpressionAttributeValues: { ...keptUpdate.ExpressionAttributeValues, ...keptCondition.ExpressionAttributeValues },
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.customerProfile(tenantId, duplicateId),
                  UpdateExpression: 'SET mergedInto = :kept',
                  ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(mergedInto) AND ${duplicateCondition.ConditionExpression}`,
                  ExpressionAttributeValues: { ':kept': keptId, ...duplicateCondition.ExpressionAttributeValues },
                },
              },
              ...copies,
            ],
          }),
        ),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException')
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
      const key = keys.customerStatistics(tenantId, customerId, String(item.SK).slice(prefix.length));
      await callStore('forget personal statistics', () => this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key })));
    }
  }

  /**
   * Erases a customer's personal data: profile, remembered configurations, repeat orders, the
   * tenant pointer and the sign-in e-mail. Orders stay; they carry no contact details, only
   * the now meaningless customer id.
   */
  async erase(tenantId: string, customerId: string, emailSha256?: string): Promise<void> {
    const partition = keys.customerPartition(tenantId, customerId);
    const items = await queryAllPages(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'PK, SK',
      },
      'list customer items',
    );
    const toDelete = items
      .filter((item) => !String(item.SK).startsWith('ORDER#'))
      .map((item) => ({ PK: String(item.PK), SK: String(item.SK) }));
    toDelete.push(keys.customerTenant(customerId));
    if (emailSha256) toDelete.push(keys.customerEmail(tenantId, emailSha256));
    // The profile goes last: until it is gone, a retry finds the customer and finishes the job.
    toDelete.sort((a, b) => Number(a.SK === 'PROFILE') - Number(b.SK === 'PROFILE'));
    for (const key of toDelete) {
      await callStore('erase customer item', () => this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key })));
    }
  }
}
