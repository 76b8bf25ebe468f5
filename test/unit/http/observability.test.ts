/**
 * Every request leaves one structured log line with its request id, tenant and caller kind,
 * and nothing a caller sent: no tokens, keys, bodies or e-mail addresses.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createFunctionHandler } from '#http/handler';
import { logger } from '#http/observability';

function event(overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent {
  return {
    resource: '/health',
    path: '/health',
    httpMethod: 'GET',
    headers: { Authorization: 'Bearer secret-token-123', 'x-api-key': 'pk_live_secretkey', 'x-contact': 'ada@example.com' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-42',
      authorizer: { callerKind: 'partner', tenantId: 'acme', partnerId: 'acme' },
    } as unknown as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

/** Powertools writes through its own Console (as in Lambda); capture what reaches it. */
function captureLogs() {
  const lines: string[] = [];
  const sink = (logger as unknown as { console: Record<string, (...args: unknown[]) => void> }).console;
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    vi.spyOn(sink, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
  );
  return {
    lines,
    restore: () => {
      for (const s of spies) s.mockRestore();
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('request logs', () => {
  it('carry the request id, tenant and caller kind, and none of the credentials or body', async () => {
    // Prepare
    const handler = createFunctionHandler('health', {
      'GET /health': async () => {
        throw new Error('boom');
      },
      'GET /openapi.json': async () => ({ status: 200 }),
    });
    const output = captureLogs();
    // Act
    const response = await handler(event({}));
    output.restore();
    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('boom');
    const records = output.lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLine = records.find((r) => r.message === 'request handled');
    expect(requestLine).toMatchObject({ requestId: 'req-42', tenant: 'acme', callerKind: 'partner', status: 500, route: 'GET /health' });
    const all = output.lines.join('\n');
    expect(all).not.toContain('secret-token-123');
    expect(all).not.toContain('pk_live_secretkey');
    expect(all).not.toContain('ada@example.com');
    expect(records.find((r) => r.message === 'unexpected error')).toMatchObject({ requestId: 'req-42', level: 'ERROR' });
  });
});
