/**
 * A digest of every item of a table, attributes included (the test suite's table-snapshot
 * compares keys and versions only), so "a rejected request wrote nothing" also catches an
 * attribute changed in place.
 *
 * Order statistics (`STATS#` items) are left out: only the stream consumer writes them, a moment
 * after an accepted order, so they may change during any later request. The order items that
 * cause them are in the digest: a rejected request that placed an order would still show.
 */
import { createHash } from 'node:crypto';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** JSON with object keys sorted, so equal items give equal text. */
function stable(value: unknown): string {
  if (value instanceof Set) return `set:${stable([...value].sort())}`;
  if (value instanceof Uint8Array) return `bin:${Buffer.from(value).toString('base64')}`;
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export interface TableDigest {
  digest: string;
  /** `PK|SK` → digest of that item, to say which items changed. */
  items: Map<string, string>;
}

export async function tableDigest(client: DynamoDBDocumentClient, tableName: string): Promise<TableDigest> {
  const items = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of page.Items ?? [])
      if (!String(item.SK).startsWith('STATS#'))
        items.set(`${String(item.PK)}|${String(item.SK)}`, createHash('sha1').update(stable(item)).digest('hex'));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const digest = createHash('sha1')
    .update(
      [...items]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    )
    .digest('hex');
  return { digest, items };
}

/** The keys of items added, removed or changed between two digests. */
export function changedItems(before: TableDigest, after: TableDigest): string[] {
  const changed: string[] = [];
  for (const [key, value] of after.items)
    if (before.items.get(key) !== value) changed.push(before.items.has(key) ? `changed ${key}` : `added ${key}`);
  for (const key of before.items.keys()) if (!after.items.has(key)) changed.push(`removed ${key}`);
  return changed;
}
