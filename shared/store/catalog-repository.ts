/**
 * Published catalog versions. A version is immutable: its document is gzip-compressed and
 * split into parts below DynamoDB's 400 KB item limit, written with the product's CURRENT
 * pointer in one transaction (all parts and the pointer, or nothing), and read back with one
 * Query. Building requests is pure (unit-tested); sending them is tested on DynamoDB Local.
 */
import { sha256Hex } from '#core/digest';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CatalogDocument } from '#core/catalog-document';
import { ConflictError, LimitExceededError, NotFoundError } from '#core/errors';
import { keys } from './keys.ts';
import { queryAllPages } from './query-pages.ts';
import { callStore, failedConditions, type NamedTransaction, namedTransaction } from './store-errors.ts';

/** Bytes of compressed document per item: well below 400 KB with the key and attributes. */
export const CATALOG_PART_BYTES = 350_000;
/** TransactWriteItems carries at most 4 MB; the compressed document must fit with room to spare. */
export const CATALOG_MAX_COMPRESSED_BYTES = 3_500_000;

/** What the product listing and the publish answer say about a version. */
export interface CatalogVersionSummary {
  productId: string;
  version: number;
  name: string;
  currency: string;
  publishedAt: string;
  documentSha256: string;
}

export interface StoredCatalogVersion extends CatalogVersionSummary {
  document: CatalogDocument;
}

/** The sha256 of a document's canonical JSON: publishing the same document twice is a no-op. */
export function documentDigest(document: CatalogDocument): string {
  return sha256Hex(JSON.stringify(document));
}

/** Gzips a document and splits it into parts; throws `LimitExceededError` beyond the transaction limit. */
export function encodeCatalogParts(document: CatalogDocument): Uint8Array[] {
  const compressed = gzipSync(Buffer.from(JSON.stringify(document)), { level: 9 });
  if (compressed.byteLength > CATALOG_MAX_COMPRESSED_BYTES) {
    throw new LimitExceededError(
      `the catalog compresses to ${compressed.byteLength} bytes; at most ${CATALOG_MAX_COMPRESSED_BYTES} can be published`,
    );
  }
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < compressed.byteLength; offset += CATALOG_PART_BYTES) {
    parts.push(compressed.subarray(offset, offset + CATALOG_PART_BYTES));
  }
  return parts;
}

/** Reassembles parts (in sort-key order) into the document. */
export function decodeCatalogParts(parts: Uint8Array[]): CatalogDocument {
  return JSON.parse(gunzipSync(Buffer.concat(parts)).toString('utf8')) as CatalogDocument;
}

export interface PublishRequest {
  tableName: string;
  document: CatalogDocument;
  version: number;
  /** The version the CURRENT pointer must still hold (0: no version yet). */
  previousVersion: number;
  publishedAt: string;
}

/** The actions of the publishing transaction, by name: the CURRENT pointer and each part. */
export type PublishAction = 'current' | 'part';

/** The one transaction that publishes a version: every part, and the pointer moved from `previousVersion`. */
export function buildPublishTransaction(request: PublishRequest): NamedTransaction<PublishAction> {
  const { tableName, document, version, previousVersion, publishedAt } = request;
  const productId = document.id;
  const parts = encodeCatalogParts(document);
  const summary = {
    productId,
    version,
    name: document.name,
    currency: document.currency,
    publishedAt,
    documentSha256: documentDigest(document),
  };
  return namedTransaction<PublishAction>([
    {
      name: 'current',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.productCurrent(productId), ...keys.productListing(productId), ...summary, partCount: parts.length },
          ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :previous',
          ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':previous': previousVersion } }),
        },
      },
    },
    ...parts.map((data, part) => ({
      name: 'part' as const,
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.productVersionPart(productId, version, part), ...summary, part, partCount: parts.length, data },
          // A published version is immutable: never overwrite a part.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    })),
  ]);
}

/** Reads a product's CURRENT pointer, strongly consistent: publishing moves it from what was read (pure). */
export function buildGetCurrentVersion(tableName: string, productId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.productCurrent(productId), ConsistentRead: true };
}

/** The summary attributes of one version's first part, not its data (pure). */
export function buildGetVersionSummary(tableName: string, productId: string, version: number): GetCommandInput {
  return {
    TableName: tableName,
    Key: keys.productVersionPart(productId, version, 0),
    ProjectionExpression: 'productId, #version, #name, currency, publishedAt, documentSha256',
    ExpressionAttributeNames: { '#version': 'version', '#name': 'name' },
  };
}

/** Every part of one version, in part order (pure). */
export function buildVersionPartsQuery(tableName: string, productId: string, version: number): QueryCommandInput {
  const prefix = keys.productVersionPrefix(productId, version);
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': prefix.PK, ':prefix': prefix.SKPrefix },
  };
}

/** One page of the published products by id, after `startAfter` when given (pure). */
export function buildListProductsQuery(tableName: string, limit: number, startAfter?: string): QueryCommandInput {
  const listing = keys.productListing('');
  return {
    TableName: tableName,
    IndexName: 'GSI1',
    KeyConditionExpression: startAfter ? 'GSI1PK = :pk AND GSI1SK > :after' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': listing.GSI1PK, ...(startAfter ? { ':after': startAfter } : {}) },
    Limit: limit,
  };
}

export interface PublishResult {
  summary: CatalogVersionSummary;
  /** False when the document equals the current version's: nothing was written. */
  created: boolean;
}

export class CatalogRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The product's current version summary, or undefined when it was never published. */
  async findCurrent(productId: string): Promise<CatalogVersionSummary | undefined> {
    const result = await callStore('read product', () =>
      this.client.send(new GetCommand(buildGetCurrentVersion(this.tableName, productId))),
    );
    return result.Item ? toSummary(result.Item) : undefined;
  }

  /**
   * Publishes `document` as the next version, unless it equals the current one. `beforeCommit`
   * (writing the compiled artifact) runs once the version is numbered, before the transaction
   * that makes it current; if it throws, nothing is written here.
   */
  async publish(
    document: CatalogDocument,
    now: Date,
    beforeCommit?: (next: { version: number; documentSha256: string }) => Promise<void>,
  ): Promise<PublishResult> {
    const current = await this.findCurrent(document.id);
    const documentSha256 = documentDigest(document);
    if (current && current.documentSha256 === documentSha256) return { summary: current, created: false };
    const version = (current?.version ?? 0) + 1;
    await beforeCommit?.({ version, documentSha256 });
    const publishedAt = now.toISOString();
    const transaction = buildPublishTransaction({
      tableName: this.tableName,
      document,
      version,
      previousVersion: current?.version ?? 0,
      publishedAt,
    });
    try {
      await callStore('publish catalog', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      if (failedConditions(error, transaction.names)) {
        throw new ConflictError(`another version of ${document.id} was published at the same time; fetch it and try again`);
      }
      throw error;
    }
    return {
      summary: {
        productId: document.id,
        version,
        name: document.name,
        currency: document.currency,
        publishedAt,
        documentSha256,
      },
      created: true,
    };
  }

  /** One version's summary without its document (its first part, projected), or undefined. */
  async findVersion(productId: string, version: number): Promise<CatalogVersionSummary | undefined> {
    const result = await callStore('read catalog version', () =>
      this.client.send(new GetCommand(buildGetVersionSummary(this.tableName, productId, version))),
    );
    return result.Item ? toSummary(result.Item) : undefined;
  }

  /** One version (the current one when `version` is omitted), document included. */
  async get(productId: string, version?: number): Promise<StoredCatalogVersion> {
    const wanted = version ?? (await this.findCurrent(productId))?.version;
    if (wanted === undefined) throw new NotFoundError(`product ${productId} is not published`);
    const items = await queryAllPages(this.client, buildVersionPartsQuery(this.tableName, productId, wanted), 'read catalog version');
    if (items.length === 0) throw new NotFoundError(`product ${productId} has no version ${wanted}`);
    const first = items[0]!;
    if (items.length !== first.partCount)
      throw new Error(`catalog ${productId} v${wanted} has ${items.length} of ${String(first.partCount)} parts`);
    return { ...toSummary(first), document: decodeCatalogParts(items.map((item) => item.data as Uint8Array)) };
  }

  /** Published products, by id, one page at a time. */
  async list(limit: number, startAfter?: string): Promise<{ items: CatalogVersionSummary[]; nextStartAfter?: string }> {
    const result = await callStore('list products', () =>
      this.client.send(new QueryCommand(buildListProductsQuery(this.tableName, limit, startAfter))),
    );
    const items = (result.Items ?? []).map(toSummary);
    return { items, ...(result.LastEvaluatedKey && items.length ? { nextStartAfter: items[items.length - 1]!.productId } : {}) };
  }
}

function toSummary(item: Record<string, unknown>): CatalogVersionSummary {
  return {
    productId: String(item.productId),
    version: Number(item.version),
    name: String(item.name),
    currency: String(item.currency),
    publishedAt: String(item.publishedAt),
    documentSha256: String(item.documentSha256),
  };
}
