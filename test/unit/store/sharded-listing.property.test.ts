/**
 * The pager of write-sharded listings against in-memory shards: whatever the shard contents,
 * page sizes, direction and the shards' own short pages (DynamoDB stops a Query at 1 MB), walking
 * the listing page after page through its positions yields every item exactly once, in order;
 * and the positions survive the signed cursor of the HTTP layer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPageCursors } from '#http/cursor';
import { LISTING_SHARDS, listingShard } from '#store/keys';
import { buildShardQuery, decodeShardPosition, readShardedPage, type ShardReader } from '#store/sharded-listing';

/** In-memory shards: each sorted in the listing's order; a read may stop early (`cut`), as a 1 MB page does. */
function memoryReader(shards: string[][], forward: boolean, cut: (shard: number, call: number) => number): ShardReader<string> {
  let calls = 0;
  return async (shard, after, limit) => {
    const sorted = [...shards[shard]!].sort((x, y) => (forward ? (x < y ? -1 : 1) : x < y ? 1 : -1));
    const rest = after === undefined ? sorted : sorted.filter((id) => (forward ? id > after : id < after));
    const take = Math.max(1, Math.min(limit, cut(shard, calls++)));
    return { items: rest.slice(0, take), more: rest.length > take };
  };
}

async function walk(shards: string[][], forward: boolean, limit: number, cut: (shard: number, call: number) => number) {
  const read = memoryReader(shards, forward, cut);
  const seen: string[] = [];
  let position: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await readShardedPage({
      shards: shards.length,
      limit,
      forward,
      ...(position ? { position } : {}),
      read,
      sortKey: (id) => id,
    });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    if (page.next === undefined) return seen;
    position = page.next;
  }
  throw new Error('the listing never finished');
}

describe('readShardedPage', () => {
  it('hands out every item of every shard exactly once, in order, whatever the page sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 20 }),
        async (ids, shardCount, limit, forward, cuts) => {
          // Prepare
          const shards = Array.from({ length: shardCount }, () => [] as string[]);
          for (const id of ids) shards[listingShard(id, shardCount)]!.push(id);
          const expected = [...ids].sort((x, y) => (forward ? (x < y ? -1 : 1) : x < y ? 1 : -1));

          // Act
          const seen = await walk(shards, forward, limit, (shard, call) => cuts[(shard + call) % cuts.length]!);

          // Assess
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('continues after the position a signed cursor carried, and refuses a position of another shard count', async () => {
    // Prepare
    const cursors = createPageCursors('x'.repeat(32));
    const shards = [
      ['a', 'd'],
      ['b', 'e'],
      ['c', 'f'],
    ];
    const read = memoryReader(shards, true, () => 100);
    const first = await readShardedPage({ shards: 3, limit: 2, forward: true, read, sortKey: (id) => id });

    // Act
    const cursor = cursors.encode(first.next!, 'orders:acme');
    const second = await readShardedPage({
      shards: 3,
      limit: 10,
      forward: true,
      position: cursors.decode(cursor, 'orders:acme'),
      read,
      sortKey: (id) => id,
    });

    // Assess
    expect(first.items).toEqual(['a', 'b']);
    expect(second.items).toEqual(['c', 'd', 'e', 'f']);
    expect(second.next).toBeUndefined();
    expect(() => decodeShardPosition(first.next!, 4)).toThrow('the cursor is not valid for this listing');
    expect(() => decodeShardPosition('{"n":3,"a":[1,null,null]}', 3)).toThrow('the cursor is not valid for this listing');
  });

  it('spreads ids over every shard roughly evenly', () => {
    // Prepare
    const counts = new Array<number>(LISTING_SHARDS).fill(0);

    // Act
    for (let i = 0; i < 1_000 * LISTING_SHARDS; i++) counts[listingShard(`o_01KB${i.toString(32).padStart(8, '0').toUpperCase()}`)]!++;

    // Assess: each shard within ±15 % of its fair share, 1,000
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1_150);
  });

  it('reads one shard after its position, backwards with <', () => {
    // Act
    const query = buildShardQuery('t', 'TENANT#acme#ORDERS#03', 'o_9', 5, false);

    // Assess
    expect(query).toEqual({
      TableName: 't',
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :listing AND GSI1SK < :after',
      ExpressionAttributeValues: { ':listing': 'TENANT#acme#ORDERS#03', ':after': 'o_9' },
      ScanIndexForward: false,
      Limit: 5,
    });
  });
});
