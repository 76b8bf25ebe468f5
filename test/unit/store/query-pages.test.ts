/** One page of a whole-prefix read (pure): the first page as asked, each next one after the last key. */
import { describe, expect, it } from 'vitest';
import { buildQueryPage } from '#store/query-pages';

describe('buildQueryPage', () => {
  const input = {
    TableName: 't',
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': 'PARTNER#p1', ':prefix': 'KEY#' },
  };

  it('asks the first page as given, with no start key', () => {
    // Act
    const first = buildQueryPage(input);

    // Assess
    expect(first).toEqual(input);
    expect('ExclusiveStartKey' in first).toBe(false);
  });

  it('continues after the last key of the previous page, leaving the rest of the query unchanged', () => {
    // Prepare
    const lastKey = { PK: 'PARTNER#p1', SK: 'KEY#k7' };

    // Act
    const next = buildQueryPage(input, lastKey);

    // Assess
    expect(next).toEqual({ ...input, ExclusiveStartKey: lastKey });
  });
});
