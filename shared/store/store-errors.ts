/**
 * Translates failures of the DynamoDB SDK into domain errors, so no AWS error type leaves
 * `shared/store`. Also the one place that recognises a refused condition: a single write's
 * `ConditionalCheckFailedException`, and a transaction's cancellation read item by item through
 * the names its builder gave the items (never through their positions).
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
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

/** True when a single-item write (Put, Update, Delete) was refused by its `ConditionExpression`. */
export function isConditionFailed(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** One action of a TransactWriteItems. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One transaction action and the name its outcome is read by; several actions may share a name. */
export interface NamedItem<N extends string> {
  name: N;
  item: TransactItem;
}

/**
 * A TransactWriteItems request with a name for each of its actions, in the same order: what
 * `failedConditions` reads a cancellation by, so no caller counts positions.
 */
export interface NamedTransaction<N extends string> {
  input: TransactWriteCommandInput;
  names: readonly N[];
}

/** Builds the request from named actions, keeping their order (pure). */
export function namedTransaction<N extends string>(items: readonly NamedItem<N>[]): NamedTransaction<N> {
  return { input: { TransactItems: items.map(({ item }) => item) }, names: items.map(({ name }) => name) };
}

/**
 * The names of the actions whose condition refused a cancelled transaction; `undefined` when
 * `error` is not a cancellation. An empty set is a cancellation for another reason (a
 * concurrent transaction on one of the items, throttling): no condition said no.
 */
export function failedConditions<N extends string>(error: unknown, names: readonly N[]): Set<N> | undefined {
  if (!(error instanceof Error && error.name === 'TransactionCanceledException')) return undefined;
  const reasons = (error as { CancellationReasons?: readonly ({ Code?: string } | undefined)[] }).CancellationReasons ?? [];
  const failed = new Set<N>();
  for (const [index, reason] of reasons.entries()) {
    const name = names[index];
    if (reason?.Code === 'ConditionalCheckFailed' && name !== undefined) failed.add(name);
  }
  return failed;
}
