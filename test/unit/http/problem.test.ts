/**
 * Errors become RFC 9457 problem+json responses: one status and stable type per error class,
 * the headers HTTP expects, RFC 6901 pointers to failing fields, and no internals for
 * unexpected errors.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as errors from '#core/errors';
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
  UpstreamUnavailableError,
  UnauthenticatedError,
} from '#core/errors';
import {
  BodyTooLargeError,
  MethodNotAllowedError,
  PROBLEM_TYPES,
  problemResponse,
  RouteNotFoundError,
  UnsupportedMediaTypeError,
} from '#http/problem';

const CASES: [string, Error, number, string][] = [
  ['MalformedRequestError', new MalformedRequestError('bad shape'), 400, 'malformed-request'],
  ['InvalidInputError', new InvalidInputError('bad catalog', []), 422, 'validation-failed'],
  ['UnauthenticatedError', new UnauthenticatedError('no credentials'), 401, 'unauthenticated'],
  ['ForbiddenError', new ForbiddenError('admins only'), 403, 'forbidden'],
  ['NotFoundError', new NotFoundError('no product p1'), 404, 'not-found'],
  ['ConflictError', new ConflictError('published concurrently'), 409, 'conflict'],
  ['PriceChangedError', new PriceChangedError('the total is 2 now', 1, 2, []), 409, 'price-changed'],
  ['QuoteExpiredError', new QuoteExpiredError('expired', '2026-01-01T00:00:00.000Z'), 409, 'quote-expired'],
  ['PreconditionFailedError', new PreconditionFailedError('stale', 7), 412, 'precondition-failed'],
  ['LimitExceededError', new LimitExceededError('too big'), 422, 'limit-exceeded'],
  ['NoConfigurationError', new NoConfigurationError('nothing fits', 124900, 120000), 422, 'no-configuration'],
  ['StoreUnavailableError', new StoreUnavailableError('db down'), 503, 'service-unavailable'],
  ['UpstreamUnavailableError', new UpstreamUnavailableError('API Gateway did not add the API key'), 503, 'service-unavailable'],
  ['BodyTooLargeError', new BodyTooLargeError(1024), 413, 'body-too-large'],
  ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError('text/plain'), 415, 'unsupported-media-type'],
  ['RouteNotFoundError', new RouteNotFoundError('/nowhere'), 404, 'not-found'],
  ['MethodNotAllowedError', new MethodNotAllowedError('DELETE', ['GET', 'PUT']), 405, 'method-not-allowed'],
];

/** RFC 6901: "/a~1b/c~0d" → ["a/b", "c~d"]. */
function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  expect(pointer.startsWith('/')).toBe(true);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

describe('problemResponse', () => {
  it.each(CASES)('maps %s to its status and stable type', (_name, error, status, slug) => {
    // Act
    const response = problemResponse(error);

    // Assess
    expect(response.statusCode).toBe(status);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ type: `/problems/${slug}`, status, title: PROBLEM_TYPES[slug]!.title });
    expect(body.title).toEqual(expect.any(String));
  });

  it('uses the error message as detail for domain and HTTP errors', () => {
    // Act
    const body = JSON.parse(problemResponse(new NotFoundError('product p1 is not published')).body);

    // Assess
    expect(body.detail).toBe('product p1 is not published');
  });

  it('maps every error class exported by shared/core/errors.ts to a status other than 500', () => {
    // Prepare
    const exported = Object.entries(errors).filter(([, value]) => typeof value === 'function');

    // Act
    const mapped = exported.map(([name]) => CASES.find(([caseName]) => caseName === name));

    // Assess
    expect(exported.length).toBeGreaterThanOrEqual(9);
    expect(exported.filter((_, i) => mapped[i] === undefined).map(([name]) => name)).toEqual([]);
  });

  it('names the cheapest total possible and the budget on NoConfigurationError', () => {
    // Act
    const body = JSON.parse(problemResponse(new NoConfigurationError('nothing fits the budget', 124900, 120000)).body);

    // Assess
    expect(body).toMatchObject({ type: '/problems/no-configuration', status: 422, cheapestTotal: 124900, budget: 120000 });
  });

  it('sends Retry-After on StoreUnavailableError, with its retry delay', () => {
    // Act
    const defaultDelay = problemResponse(new StoreUnavailableError('db down'));
    const longDelay = problemResponse(new StoreUnavailableError('db down', 5));

    // Assess
    expect(defaultDelay.headers['Retry-After']).toBe('1');
    expect(longDelay.headers['Retry-After']).toBe('5');
    expect(JSON.parse(longDelay.body).detail).toBe('the database did not answer in time; retry shortly');
  });

  it('sends WWW-Authenticate: Bearer on UnauthenticatedError', () => {
    // Act
    const response = problemResponse(new UnauthenticatedError('the token has expired'));

    // Assess
    expect(response.headers['WWW-Authenticate']).toBe('Bearer');
    expect(JSON.parse(response.body).detail).toBe('the token has expired');
  });

  it('sends Allow with the allowed methods on MethodNotAllowedError, and lists them in the body', () => {
    // Act
    const response = problemResponse(new MethodNotAllowedError('DELETE', ['GET', 'PUT']));

    // Assess
    expect(response.headers.Allow).toBe('GET, PUT');
    expect(JSON.parse(response.body).allowed).toEqual(['GET', 'PUT']);
  });

  it('sends no Retry-After, WWW-Authenticate or Allow on other errors', () => {
    // Act
    const response = problemResponse(new ConflictError('x'));

    // Assess
    expect(response.headers).toEqual({ 'Content-Type': 'application/problem+json' });
  });

  it('carries the current version on PreconditionFailedError', () => {
    // Act
    const body = JSON.parse(problemResponse(new PreconditionFailedError('stale', 7)).body);

    // Assess
    expect(body.currentVersion).toBe(7);
  });

  it('lists every finding with its path, code, message, severity and an RFC 6901 pointer', () => {
    // Prepare
    const error = new InvalidInputError('2 findings', [
      { path: ['groups', 0, 'choices', 3, 'id'], code: 'duplicate', message: 'duplicate id', severity: 'error' },
      { path: ['a/b', 'c~d', '~1'], code: 'odd', message: 'odd keys' },
    ]);

    // Act
    const body = JSON.parse(problemResponse(error).body);

    // Assess
    expect(body.errors).toEqual([
      {
        pointer: '/groups/0/choices/3/id',
        path: ['groups', 0, 'choices', 3, 'id'],
        code: 'duplicate',
        message: 'duplicate id',
        severity: 'error',
      },
      { pointer: '/a~1b/c~0d/~01', path: ['a/b', 'c~d', '~1'], code: 'odd', message: 'odd keys' },
    ]);
  });

  it('lists the findings of a MalformedRequestError and of a LimitExceededError that has some', () => {
    // Act
    const malformed = JSON.parse(
      problemResponse(new MalformedRequestError('x', [{ path: ['picks', 2], code: 'invalid_type', message: 'm' }])).body,
    );
    const limited = JSON.parse(problemResponse(new LimitExceededError('x', [{ path: ['groups'], code: 'too_big', message: 'm' }])).body);
    const limitedWithout = JSON.parse(problemResponse(new LimitExceededError('x')).body);

    // Assess
    expect(malformed.errors).toEqual([{ pointer: '/picks/2', path: ['picks', 2], code: 'invalid_type', message: 'm' }]);
    expect(limited.errors).toEqual([{ pointer: '/groups', path: ['groups'], code: 'too_big', message: 'm' }]);
    expect(limitedWithout).not.toHaveProperty('errors');
  });

  it('decodes every pointer back to its path (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('~', '/', '~1', '~0', '/~'), fc.nat()), {
          minLength: 1,
          maxLength: 6,
        }),
        (path) => {
          // Act
          const body = JSON.parse(problemResponse(new InvalidInputError('x', [{ path, code: 'c', message: 'm' }])).body);

          // Assess
          expect(decodePointer(body.errors[0].pointer)).toEqual(path.map(String));
        },
      ),
    );
  });

  it('includes the instance and request id when given', () => {
    // Act
    const body = JSON.parse(problemResponse(new NotFoundError('x'), { instance: '/products/p1', requestId: 'req-42' }).body);
    const bare = JSON.parse(problemResponse(new NotFoundError('x')).body);

    // Assess
    expect(body).toMatchObject({ instance: '/products/p1', requestId: 'req-42' });
    expect(bare).not.toHaveProperty('instance');
    expect(bare).not.toHaveProperty('requestId');
  });

  it('turns an unknown error into a 500 that leaks neither its message nor its stack', () => {
    // Prepare
    const error = new TypeError('Cannot read properties of undefined (reading "secretTableName") at /var/task/index.mjs');

    // Act
    const response = problemResponse(error, { requestId: 'req-1' });

    // Assess
    expect(response.statusCode).toBe(500);
    const body = JSON.parse(response.body);
    expect(body).toEqual({
      type: '/problems/internal-error',
      title: PROBLEM_TYPES['internal-error']!.title,
      status: 500,
      detail: 'an unexpected error occurred; it has been logged with the request id',
      requestId: 'req-1',
    });
    expect(response.body).not.toContain('secretTableName');
    expect(response.body).not.toContain('index.mjs');
  });

  it('turns a non-Error throw and an error merely named like a domain error into a 500', () => {
    // Prepare
    const lookalike = Object.assign(new Error('looks like'), { name: 'NotFoundError', kind: 'not-found' });

    // Act
    const statuses = [
      problemResponse('boom').statusCode,
      problemResponse(undefined).statusCode,
      problemResponse({ status: 404 }).statusCode,
      problemResponse(lookalike).statusCode,
    ];

    // Assess
    expect(statuses).toEqual([500, 500, 500, 500]);
  });

  it('never throws and always answers valid problem JSON with an error status, whatever is thrown (property)', () => {
    // Prepare
    const finding = fc.record({ path: fc.array(fc.oneof(fc.string(), fc.integer())), code: fc.string(), message: fc.string() });
    const thrown = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.string().map((message) => new Error(message)),
      fc.string().map((message) => new RangeError(message)),
      fc.tuple(fc.string(), fc.array(finding)).map(([message, findings]) => new MalformedRequestError(message, findings)),
      fc.tuple(fc.string(), fc.array(finding)).map(([message, findings]) => new InvalidInputError(message, findings)),
      fc
        .tuple(fc.string(), fc.array(fc.constantFrom('GET', 'PUT', 'POST')))
        .map(([method, allowed]) => new MethodNotAllowedError(method, allowed)),
      fc.tuple(fc.string(), fc.integer()).map(([message, version]) => new PreconditionFailedError(message, version)),
      fc.string().map((message) => new StoreUnavailableError(message)),
    );

    fc.assert(
      fc.property(thrown, (error) => {
        // Act
        const response = problemResponse(error);

        // Assess
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThanOrEqual(599);
        expect(response.headers['Content-Type']).toBe('application/problem+json');
        const body = JSON.parse(response.body);
        expect(body.status).toBe(response.statusCode);
        expect(body.type).toMatch(/^\/problems\/[a-z-]+$/);
        expect(typeof body.detail).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('jsonPointer of the whole document', () => {
  it('is the empty string, as RFC 6901 says', async () => {
    // Act
    const { jsonPointer } = await import('#http/problem');
    // Assess
    expect(jsonPointer([])).toBe('');
  });
});
