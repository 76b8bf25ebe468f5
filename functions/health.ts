/**
 * `GET /health`: liveness, and whether the table answers (one small read, with the store's
 * timeouts). `GET /openapi.json`: the OpenAPI 3.1 document, whose `servers` entry names the
 * server that served it, built once per server URL and container.
 */
import { createFunctionHandler } from '#http/handler';
import { buildOpenApiDocument } from '#http/openapi';
import { checkTable } from '#store/health-check';
import { documentClient, environment } from './runtime.ts';

/** Built at the first request for a server URL (not at cold start, so /health never pays for it), then kept. */
const documents = new Map<string, string>();

export const handler = createFunctionHandler('health', {
  'GET /health': async () => {
    const started = Date.now();
    try {
      await checkTable(documentClient, environment.TABLE_NAME);
      return { status: 200, body: { status: 'ok', table: 'ok', tableLatencyMs: Date.now() - started } };
    } catch {
      // Unavailable or misconfigured: the API is alive but cannot serve; say so without details.
      return { status: 503, body: { status: 'degraded', table: 'unavailable' }, headers: { 'Retry-After': '1' } };
    }
  },

  'GET /openapi.json': async ({ request }) => {
    const key = request.serverUrl ?? '';
    let document = documents.get(key);
    if (!document)
      documents.set(key, (document = JSON.stringify(buildOpenApiDocument(request.serverUrl ? { serverUrl: request.serverUrl } : {}))));
    return { status: 200, rawBody: document, headers: { 'Cache-Control': 'public, max-age=300', Vary: 'Host, X-Forwarded-Proto' } };
  },
});
