/** `GET /health`: liveness, and whether the table answers (one small read, with the store's timeouts). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createFunctionHandler } from '#http/handler';
import { keys } from '#store/keys';
import { callStore } from '#store/store-errors';
import { documentClient, environment } from './runtime.ts';

export const handler = createFunctionHandler('health', {
  'GET /health': async () => {
    const started = Date.now();
    try {
      await callStore('health', () => documentClient.send(new GetCommand({ TableName: environment.TABLE_NAME, Key: keys.health() })));
      return { status: 200, body: { status: 'ok', table: 'ok', tableLatencyMs: Date.now() - started } };
    } catch (error) {
      // Unavailable or misconfigured: the API is alive but cannot serve; say so without details.
      void error;
      return { status: 503, body: { status: 'degraded', table: 'unavailable' }, headers: { 'Retry-After': '1' } };
    }
  },
});
