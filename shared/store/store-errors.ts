/**
 * Translates failures of the DynamoDB SDK into domain errors, so no AWS error type leaves
 * `shared/store`.
 */
import { StoreUnavailableError } from '#core/errors';

const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'LimitExceededException',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when the failure is the database being unreachable, slow or throttling (retryable). */
export function isUnavailable(error: unknown, seen = new Set<unknown>()): boolean {
  if (!(error instanceof Error) || seen.has(error)) return false;
  seen.add(error);
  const code = (error as { code?: string }).code;
  if (UNAVAILABLE_NAMES.has(error.name) || (code && UNAVAILABLE_CODES.has(code))) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && isUnavailable(cause, seen);
}

/** Runs one store call and turns "the database is not answering" into `StoreUnavailableError`. */
export async function callStore<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isUnavailable(error)) throw new StoreUnavailableError(`the database did not answer (${operation})`);
    throw error;
  }
}
