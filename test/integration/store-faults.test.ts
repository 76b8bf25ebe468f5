/**
 * A frozen or dead database must not hang a request: the store's timeouts turn it into a 503
 * problem with Retry-After, and the service recovers by itself when the database is back.
 * This file owns a DynamoDB Local of its own, since it freezes and kills it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let database: DynamoDbLocal;
let stack: TestStack;

beforeAll(async () => {
  database = await startDynamoDbLocal({ port: 0 });
  stack = await startTestStack({ dynamoEndpoint: database.endpoint });
});
afterAll(async () => {
  try {
    process.kill(database.pid, 'SIGCONT');
  } catch {
    // not running
  }
  await stack?.close();
  await database?.stop();
});

describe('when the database does not answer', () => {
  it('answers 503 problem+json with Retry-After while frozen, and recovers after', async () => {
    // Prepare
    expect((await stack.call('/products/laptop-x1')).status).toBe(200);
    process.kill(database.pid, 'SIGSTOP');
    try {
      // Act
      const [read, health] = await Promise.all([stack.call('/products/laptop-x1'), stack.call('/health')]);
      // Assess
      expect(read.status).toBe(503);
      expect(read.headers.get('content-type')).toBe('application/problem+json');
      expect(read.headers.get('retry-after')).toBe('1');
      expect(read.json).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
      expect(health.status).toBe(503);
      expect(health.json).toMatchObject({ table: 'unavailable' });
    } finally {
      process.kill(database.pid, 'SIGCONT');
    }
    // Act + Assess: back to normal without a restart
    expect((await stack.call('/products/laptop-x1')).status).toBe(200);
  });

  it('answers 503 when the database is gone', async () => {
    // Prepare
    await database.stop();
    // Act
    const read = await stack.call('/products');
    // Assess
    expect(read.status).toBe(503);
    expect(read.json.type).toBe('/problems/service-unavailable');
  });
});
