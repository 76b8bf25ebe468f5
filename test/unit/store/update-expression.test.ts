import { describe, expect, it } from 'vitest';
import { setFields } from '#store/update-expression';

describe('setFields', () => {
  it('names every field by placeholder, skipping undefined ones', () => {
    // Act
    const expression = setFields({ name: 'Ada', status: 'active', gone: undefined, tier: 'A' });
    // Assess
    expect(expression).toEqual({
      UpdateExpression: 'SET #f0 = :v0, #f1 = :v1, #f2 = :v2',
      ExpressionAttributeNames: { '#f0': 'name', '#f1': 'status', '#f2': 'tier' },
      ExpressionAttributeValues: { ':v0': 'Ada', ':v1': 'active', ':v2': 'A' },
    });
  });

  it('refuses an empty update, which DynamoDB would reject', () => {
    // Act + Assess
    expect(() => setFields({ only: undefined })).toThrow('at least one field');
  });
});
