/**
 * `GET /health`: liveness, and whether the table answers (one small read, with the store's
 * timeouts). `GET /openapi.json`: the OpenAPI 3.1 document, built once per container.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createFunctionHandler } from '#http/handler';
import { buildOpenApiDocument } from '#http/openapi';
import { keys } from '#store/keys';
import { callStore } from '#store/store-errors';
import { documentClient, environment } from './runtime.ts';

/** Built at the first request (not at cold start, so /health never pays for it), then kept. */
let openApiDocument: string | undefined;

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

  'GET /openapi.json': async () => {
    openApiDocument ??= JSON.stringify(buildOpenApiDocument());
    return { status: 200, rawBody: openApiDocument, headers: { 'Cache-Control': 'public, max-age=300' } };
  },
});
