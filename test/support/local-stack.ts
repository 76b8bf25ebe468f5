/**
 * Starts the local stack (the same one `npm start` runs) on the shared DynamoDB Local, with a
 * table of its own, fresh credentials and a free port. One per test file: handlers read their
 * environment at cold start, and each test file runs in its own process.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDevSigningKey, signCustomerToken, type DevSigningKey } from '../../infra/local/dev-auth.ts';
import { DEV_ISSUER, startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { createDocumentClient } from '#store/client';
import { readResponse, type ReadResponse } from './read-response.ts';

export interface TestStack extends LocalStack {
  tableName: string;
  adminToken: string;
  partnerKey: string;
  signingKey: DevSigningKey;
  /** A fetch bound to the stack, with JSON conveniences. */
  call(path: string, init?: CallInit): Promise<CallResult>;
  customerToken(customerId: string, tenantId?: string, lifetimeSeconds?: number): Promise<string>;
  /** A client of the stack's DynamoDB Local; tests that write many items at once give it longer timeouts. */
  documentClient(options?: { requestTimeoutMs?: number; connectionTimeoutMs?: number }): ReturnType<typeof createDocumentClient>;
}

export interface CallInit {
  method?: string;
  /** Object → JSON body; string/Buffer → sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  as?: 'admin' | 'partner' | { bearer: string } | { apiKey: string } | 'anonymous';
}

export type CallResult = ReadResponse;

/** `webRoot`: a built web page to serve at `/` (the e2e tests build one with `buildWeb`). */
export async function startTestStack(
  options: { seed?: boolean; dynamoEndpoint?: string; webRoot?: string; webhookRetryScale?: number } = {},
): Promise<TestStack> {
  const tableName = `t-${randomUUID().slice(0, 8)}`;
  const adminToken = `admin-${randomBytes(12).toString('hex')}`;
  const partnerKey = `pk_test_${randomBytes(12).toString('hex')}`;
  const signingKey = await createDevSigningKey();
  const dynamoEndpoint = options.dynamoEndpoint ?? inject('dynamoEndpoint');
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint,
    tableName,
    adminToken,
    demoPartnerKey: partnerKey,
    signingKey,
    seed: options.seed ?? true,
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...(options.webhookRetryScale !== undefined ? { webhookRetryScale: options.webhookRetryScale } : {}),
  });

  const call = async (path: string, init: CallInit = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...init.headers };
    const as = init.as ?? 'admin';
    if (as === 'admin') headers.authorization ??= `Bearer ${adminToken}`;
    else if (as === 'partner') headers['x-api-key'] ??= partnerKey;
    else if (typeof as === 'object' && 'bearer' in as) headers.authorization ??= `Bearer ${as.bearer}`;
    else if (typeof as === 'object' && 'apiKey' in as) headers['x-api-key'] ??= as.apiKey;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (Buffer.isBuffer(init.body)) body = new Uint8Array(init.body);
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${stack.url}${path}`, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
    return readResponse(response);
  };

  return {
    ...stack,
    tableName,
    adminToken,
    partnerKey,
    signingKey,
    call,
    customerToken: (customerId, tenantId, lifetimeSeconds) =>
      signCustomerToken(signingKey, DEV_ISSUER, { customerId, ...(tenantId ? { tenantId } : {}) }, lifetimeSeconds),
    documentClient: (options = {}) => createDocumentClient({ endpoint: dynamoEndpoint, ...options }),
  };
}
