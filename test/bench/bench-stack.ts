/**
 * The local stack (the one `npm start` runs) for a benchmark: a fresh table on a given DynamoDB
 * Local endpoint, fresh credentials, a free loopback port, the demo data, and a few customers
 * of the demo partner created through the API. Used by the chaos, fuzz and load runs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createDevSigningKey, signCustomerToken, type DevSigningKey } from '../../infra/local/dev-auth.ts';
import { DEV_ISSUER, startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { readResponse } from '../support/read-response.ts';

/** A complete, valid configuration of the demo laptop (as in the memory tests). */
export { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';

export interface BenchStack extends LocalStack {
  tableName: string;
  adminToken: string;
  partnerKey: string;
  signingKey: DevSigningKey;
  /** Customers of the demo partner, created through `POST /customers`. */
  customerIds: string[];
  customerToken(customerId: string, tenantId?: string, lifetimeSeconds?: number): Promise<string>;
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One JSON request to the stack (loopback). */
export async function callJson(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  return readResponse(response);
}

export async function startBenchStack(options: { dynamoEndpoint: string; customers?: number }): Promise<BenchStack> {
  const tableName = `bench-${randomUUID().slice(0, 8)}`;
  const adminToken = `admin-${randomBytes(12).toString('hex')}`;
  const partnerKey = `pk_bench_${randomBytes(12).toString('hex')}`;
  const signingKey = await createDevSigningKey();
  const stack = await startLocalStack({
    port: 0,
    host: '127.0.0.1',
    dynamoEndpoint: options.dynamoEndpoint,
    tableName,
    adminToken,
    demoPartnerKey: partnerKey,
    signingKey,
    seed: true,
  });
  // Loopback only: name the address, not `localhost` (which may resolve to ::1 first).
  const url = `http://127.0.0.1:${stack.port}`;
  const customerIds: string[] = [];
  try {
    for (let i = 0; i < (options.customers ?? 4); i++) {
      const created = await callJson(url, '/customers', {
        method: 'POST',
        headers: { 'x-api-key': partnerKey },
        body: { name: `Bench Customer ${i}`, email: `bench-${i}@example.com` },
      });
      if (created.status !== 201) throw new Error(`could not create a customer: ${created.status} ${created.text}`);
      customerIds.push(String(created.json.customerId));
    }
  } catch (error) {
    await stack.close();
    throw error;
  }
  return {
    ...stack,
    url,
    tableName,
    adminToken,
    partnerKey,
    signingKey,
    customerIds,
    customerToken: (customerId, tenantId, lifetimeSeconds) =>
      signCustomerToken(signingKey, DEV_ISSUER, { customerId, ...(tenantId ? { tenantId } : {}) }, lifetimeSeconds),
  };
}

/** Percentile (nearest rank) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
