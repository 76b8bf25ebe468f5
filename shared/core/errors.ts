/**
 * The typed errors of the domain and its adapters. They say what went wrong in the domain's
 * words and carry no HTTP status: `shared/http/problem.ts` maps each class to a status and a
 * problem+json body, in exactly one place.
 */

/** One precise finding about bad input: where (a path into the input) and what. */
export interface Finding {
  path: (string | number)[];
  code: string;
  message: string;
  severity?: 'error' | 'warning';
}

abstract class DomainError extends Error {
  abstract readonly kind: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is well-formed but breaks a rule of the domain; carries every finding. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid-input';
  constructor(
    message: string,
    readonly findings: Finding[],
  ) {
    super(message);
  }
}

/** The request itself is malformed: not JSON, wrong shape, unknown keys (HTTP 400). */
export class MalformedRequestError extends DomainError {
  readonly kind = 'malformed-request';
  constructor(
    message: string,
    readonly findings: Finding[] = [],
  ) {
    super(message);
  }
}

/** The thing does not exist, or belongs to someone the caller may not see (never say which). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** A concurrent writer got there first (e.g. two publishes of one product at once). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  /** When retrying the same request makes sense, after how many seconds (e.g. a key still in flight). */
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * The total the customer was shown (`expectedTotal`) is not the total now: nothing is written;
 * the caller shows the new total and asks again.
 */
export class PriceChangedError extends DomainError {
  readonly kind = 'price-changed';
  constructor(
    message: string,
    readonly expectedTotal: number,
    readonly currentTotal: number,
    /** The lines as they are priced now (for a single-product order: its one line). */
    readonly changedLines: { lineId: string; productId: string; quantity: number; unitPrice: number; lineTotal: number }[],
  ) {
    super(message);
  }
}

/** A quote past its `expiresAt`: its prices no longer hold; ask for a new quote. */
export class QuoteExpiredError extends DomainError {
  readonly kind = 'quote-expired';
  constructor(
    message: string,
    readonly expiresAt: string,
  ) {
    super(message);
  }
}

/** The caller's `If-Match` version is not the current one. */
export class PreconditionFailedError extends DomainError {
  readonly kind = 'precondition-failed';
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
  }
}

/** The input exceeds a documented size or work limit. */
export class LimitExceededError extends DomainError {
  readonly kind = 'limit-exceeded';
  constructor(
    message: string,
    readonly findings: Finding[] = [],
  ) {
    super(message);
  }
}

/**
 * No valid configuration contains the caller's picks within their stated needs and budget (a
 * completion was asked for). `cheapestTotal` is the lowest total possible without the budget,
 * null when the picks and needs allow nothing even so; `budget` echoes the budget (or null).
 */
export class NoConfigurationError extends DomainError {
  readonly kind = 'no-configuration';
  constructor(
    message: string,
    readonly cheapestTotal: number | null,
    readonly budget: number | null,
  ) {
    super(message);
  }
}

/** The database did not answer in time or refused the connection: the caller may retry. */
export class StoreUnavailableError extends DomainError {
  readonly kind = 'store-unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}

/**
 * A service other than the database (API Gateway, for partners' usage plans) refused or did
 * not answer. The use case makes sure nothing half-done stays behind, so the caller may retry.
 */
export class UpstreamUnavailableError extends DomainError {
  readonly kind = 'upstream-unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/** The caller is known but may not do this (function-level authorization). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** No credentials, or credentials that are wrong, expired or revoked. */
export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}

export type AnyDomainError =
  | MalformedRequestError
  | InvalidInputError
  | NotFoundError
  | ConflictError
  | PriceChangedError
  | QuoteExpiredError
  | PreconditionFailedError
  | LimitExceededError
  | NoConfigurationError
  | StoreUnavailableError
  | UpstreamUnavailableError
  | ForbiddenError
  | UnauthenticatedError;
