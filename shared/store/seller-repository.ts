/**
 * A tenant's seller data, kept in the tenant's settings item (`keys.tenantSettings`) under its own
 * attributes, so every function that may read the settings may read the seller and setting it
 * never touches the tiers or the floor. Implements `#documents/seller`'s `SellerStore`.
 */
import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Seller, SellerStore } from '#documents/seller';
import { keys } from './keys.ts';
import { callStore } from './store-errors.ts';
import { setFields } from './update-expression.ts';

/** The attributes of the settings item that hold the seller. */
export const SELLER_ATTRIBUTES = { seller: 'seller', sellerUpdatedAt: 'sellerUpdatedAt' } as const;

/** Reads only the seller attributes of a tenant's settings item (pure). */
export function buildGetSeller(tableName: string, tenantId: string): GetCommandInput {
  return {
    TableName: tableName,
    Key: keys.tenantSettings(tenantId),
    ProjectionExpression: '#s, #u',
    ExpressionAttributeNames: { '#s': SELLER_ATTRIBUTES.seller, '#u': SELLER_ATTRIBUTES.sellerUpdatedAt },
  };
}

/** Sets a tenant's seller data, creating the settings item if needed (pure). */
export function buildPutSeller(tableName: string, tenantId: string, seller: Seller, updatedAt: string): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: keys.tenantSettings(tenantId),
    ...setFields({ [SELLER_ATTRIBUTES.seller]: seller, [SELLER_ATTRIBUTES.sellerUpdatedAt]: updatedAt }),
  };
}

/** The seller as stored, unchecked; `undefined` when the item has none (pure). */
export function sellerFromItem(item: Record<string, unknown> | undefined): { seller: unknown; updatedAt: string } | undefined {
  const seller = item?.[SELLER_ATTRIBUTES.seller];
  const updatedAt = item?.[SELLER_ATTRIBUTES.sellerUpdatedAt];
  return seller !== undefined && typeof updatedAt === 'string' ? { seller, updatedAt } : undefined;
}

export class SellerRepository implements SellerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async storedSeller(tenantId: string): Promise<{ seller: unknown; updatedAt: string } | undefined> {
    const result = await callStore('read seller', () => this.client.send(new GetCommand(buildGetSeller(this.tableName, tenantId))));
    return sellerFromItem(result.Item);
  }

  async writeSeller(tenantId: string, seller: Seller, updatedAt: string): Promise<void> {
    await callStore('write seller', () => this.client.send(new UpdateCommand(buildPutSeller(this.tableName, tenantId, seller, updatedAt))));
  }
}
