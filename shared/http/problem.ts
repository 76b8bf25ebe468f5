/**
 * RFC 9457 problem+json: the one place where errors become HTTP responses. Every failure a
 * caller can see has a stable `type` (documented in the README), a `title`, the `status`, a
 * `detail` sentence and, for bad input, `errors` naming each failing field.
 */
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  LimitExceededError,
  MalformedRequestError,
  NoConfigurationError,
  NotFoundError,
  PreconditionFailedError,
  PriceChangedError,
  QuoteExpiredError,
  StoreUnavailableError,
  UnauthenticatedError,
  UpstreamUnavailableError,
  type Finding,
} from '#core/errors';

/** The request body is larger than the route accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body is not JSON (or gzip-compressed JSON). */
export class UnsupportedMediaTypeError extends Error {
  constructor(readonly contentType: string) {
    super(`send the body as application/json (got ${contentType || 'no content type'})`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** The caller exceeded its usage plan (rate or daily quota). */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** No route answers this path. */
export class RouteNotFoundError extends Error {
  constructor(path: string) {
    super(`no resource at ${path}`);
    this.name = 'RouteNotFoundError';
  }
}

/** The path exists, the method does not. */
export class MethodNotAllowedError extends Error {
  constructor(
    method: string,
    readonly allowed: string[],
  ) {
    super(`${method} is not allowed here; use ${allowed.join(', ')}`);
    this.name = 'MethodNotAllowedError';
  }
}

/** The body of a problem response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  /** Bad input: every failing field, as a JSON pointer into the request body plus a message. */
  errors?: { pointer: string; path: (string | number)[]; code: string; message: string; severity?: string }[];
  currentVersion?: number;
  allowed?: string[];
  /** `no-configuration`: the lowest total possible without the budget (null: nothing fits even so). */
  cheapestTotal?: number | null;
  /** `no-configuration`: the budget that was asked for (null: none). */
  budget?: number | null;
  /** 409 price-changed: the total the caller sent, the total now, and the lines as priced now. */
  expectedTotal?: number;
  currentTotal?: number;
  changedLines?: PriceChangedError['changedLines'];
  /** 409 quote-expired: when the quote's prices stopped holding. */
  expiresAt?: string;
}

export interface ProblemResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

interface ProblemKind {
  slug: string;
  title: string;
  status: number;
}

const KINDS = {
  malformed: { slug: 'malformed-request', title: 'The request is malformed', status: 400 },
  invalid: { slug: 'validation-failed', title: 'The input does not pass validation', status: 422 },
  unauthenticated: { slug: 'unauthenticated', title: 'Credentials are missing or not valid', status: 401 },
  forbidden: { slug: 'forbidden', title: 'This caller may not do that', status: 403 },
  notFound: { slug: 'not-found', title: 'Not found', status: 404 },
  methodNotAllowed: { slug: 'method-not-allowed', title: 'Method not allowed', status: 405 },
  conflict: { slug: 'conflict', title: 'Conflict', status: 409 },
  priceChanged: { slug: 'price-changed', title: 'The price changed since it was shown', status: 409 },
  quoteExpired: { slug: 'quote-expired', title: 'The quote has expired; ask for a new one', status: 409 },
  precondition: { slug: 'precondition-failed', title: 'The resource changed since you read it', status: 412 },
  tooLarge: { slug: 'body-too-large', title: 'The request body is too large', status: 413 },
  mediaType: { slug: 'unsupported-media-type', title: 'Unsupported media type', status: 415 },
  limit: { slug: 'limit-exceeded', title: 'A documented limit would be exceeded', status: 422 },
  noConfiguration: { slug: 'no-configuration', title: 'No configuration fits', status: 422 },
  rateLimited: { slug: 'rate-limited', title: 'Too many requests', status: 429 },
  unavailable: { slug: 'service-unavailable', title: 'The service is briefly unavailable', status: 503 },
  internal: { slug: 'internal-error', title: 'Something went wrong on our side', status: 500 },
} as const satisfies Record<string, ProblemKind>;

/** The stable problem types, for the README and OpenAPI. */
export const PROBLEM_TYPES = Object.fromEntries(Object.values(KINDS).map((k) => [k.slug, { type: problemType(k.slug), ...k }]));

export function problemType(slug: string): string {
  return `/problems/${slug}`;
}

/** RFC 6901 pointer of a finding's path, for clients that address fields by pointer. */
export function jsonPointer(path: (string | number)[]): string {
  // RFC 6901: "" is the whole document; "/" would be a member named "".
  if (path.length === 0) return '';
  return `/${path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

function findingsToErrors(findings: Finding[]): Problem['errors'] {
  return findings.map((f) => ({
    pointer: jsonPointer(f.path),
    path: f.path,
    code: f.code,
    message: f.message,
    ...(f.severity ? { severity: f.severity } : {}),
  }));
}

/**
 * Maps any error to a problem response. Unknown errors become a 500 whose body says nothing
 * about the internals (the caller logs them).
 */
export function toProblem(error: unknown): { kind: ProblemKind; detail: string; extra: Partial<Problem>; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (error instanceof MalformedRequestError)
    return { kind: KINDS.malformed, detail: error.message, extra: { errors: findingsToErrors(error.findings) }, headers };
  if (error instanceof InvalidInputError)
    return { kind: KINDS.invalid, detail: error.message, extra: { errors: findingsToErrors(error.findings) }, headers };
  if (error instanceof LimitExceededError)
    return {
      kind: KINDS.limit,
      detail: error.message,
      extra: error.findings.length ? { errors: findingsToErrors(error.findings) } : {},
      headers,
    };
  if (error instanceof NoConfigurationError)
    return {
      kind: KINDS.noConfiguration,
      detail: error.message,
      extra: { cheapestTotal: error.cheapestTotal, budget: error.budget },
      headers,
    };
  if (error instanceof UnauthenticatedError) {
    headers['WWW-Authenticate'] = 'Bearer';
    return { kind: KINDS.unauthenticated, detail: error.message, extra: {}, headers };
  }
  if (error instanceof ForbiddenError) return { kind: KINDS.forbidden, detail: error.message, extra: {}, headers };
  if (error instanceof NotFoundError || error instanceof RouteNotFoundError)
    return { kind: KINDS.notFound, detail: error.message, extra: {}, headers };
  if (error instanceof MethodNotAllowedError) {
    headers.Allow = error.allowed.join(', ');
    return { kind: KINDS.methodNotAllowed, detail: error.message, extra: { allowed: error.allowed }, headers };
  }
  if (error instanceof ConflictError) {
    if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
    return { kind: KINDS.conflict, detail: error.message, extra: {}, headers };
  }
  if (error instanceof PriceChangedError)
    return {
      kind: KINDS.priceChanged,
      detail: error.message,
      extra: { expectedTotal: error.expectedTotal, currentTotal: error.currentTotal, changedLines: error.changedLines },
      headers,
    };
  if (error instanceof QuoteExpiredError)
    return { kind: KINDS.quoteExpired, detail: error.message, extra: { expiresAt: error.expiresAt }, headers };
  if (error instanceof PreconditionFailedError)
    return { kind: KINDS.precondition, detail: error.message, extra: { currentVersion: error.currentVersion }, headers };
  if (error instanceof BodyTooLargeError) return { kind: KINDS.tooLarge, detail: error.message, extra: {}, headers };
  if (error instanceof UnsupportedMediaTypeError) return { kind: KINDS.mediaType, detail: error.message, extra: {}, headers };
  if (error instanceof RateLimitedError) {
    headers['Retry-After'] = String(error.retryAfterSeconds);
    return { kind: KINDS.rateLimited, detail: error.message, extra: {}, headers };
  }
  if (error instanceof StoreUnavailableError) {
    headers['Retry-After'] = String(error.retryAfterSeconds);
    return { kind: KINDS.unavailable, detail: 'the database did not answer in time; retry shortly', extra: {}, headers };
  }
  if (error instanceof UpstreamUnavailableError) {
    headers['Retry-After'] = String(error.retryAfterSeconds);
    return { kind: KINDS.unavailable, detail: `${error.message}; nothing was left half-done, retry shortly`, extra: {}, headers };
  }
  return { kind: KINDS.internal, detail: 'an unexpected error occurred; it has been logged with the request id', extra: {}, headers };
}

/** The full HTTP response for an error. */
export function problemResponse(error: unknown, context: { instance?: string; requestId?: string } = {}): ProblemResponse {
  const { kind, detail, extra, headers } = toProblem(error);
  const problem: Problem = {
    type: problemType(kind.slug),
    title: kind.title,
    status: kind.status,
    detail,
    ...(context.instance ? { instance: context.instance } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
    ...extra,
  };
  return { statusCode: kind.status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body: JSON.stringify(problem) };
}
