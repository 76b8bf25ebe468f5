/**
 * The DynamoDB client factory. One client per Lambda container (create it at module scope).
 *
 * The SDK's default HTTP handler waits forever on a frozen connection; a frozen database must
 * not hang a request, so every call has a connection timeout and a whole-request timeout that
 * throws, and a bounded number of attempts. A caller then answers 503 with Retry-After.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreClientOptions {
  /** Local endpoint (DynamoDB Local); unset in AWS. */
  endpoint?: string;
  region?: string;
  /** Milliseconds to establish a connection. */
  connectionTimeoutMs?: number;
  /** Milliseconds for one attempt, request and response together. */
  requestTimeoutMs?: number;
  /** Attempts in total, including the first. */
  maxAttempts?: number;
}

/** Defaults sized so that a request gives up well before API Gateway's 29 s limit: 3 × 1 s. */
export const STORE_CLIENT_DEFAULTS = { connectionTimeoutMs: 500, requestTimeoutMs: 1_000, maxAttempts: 3 } as const;

export function createDocumentClient(options: StoreClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-1',
    maxAttempts: options.maxAttempts ?? STORE_CLIENT_DEFAULTS.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? STORE_CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? STORE_CLIENT_DEFAULTS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(local
      ? {
          endpoint: options.endpoint,
          // DynamoDB Local accepts any credentials; fixed ones keep one shared database per region.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}
