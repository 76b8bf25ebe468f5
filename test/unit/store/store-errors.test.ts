/** Availability failures of the SDK become StoreUnavailableError; everything else passes unchanged. */
import { describe, expect, it } from 'vitest';
import { callStore, isUnavailable } from '#store/store-errors';
import { StoreUnavailableError } from '#core/errors';

function named(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, ...extra });
}

describe('isUnavailable', () => {
  it.each([
    ['TimeoutError'],
    ['RequestTimeout'],
    ['ThrottlingException'],
    ['ProvisionedThroughputExceededException'],
    ['InternalServerError'],
    ['ServiceUnavailable'],
  ])('is true for %s', (name) => {
    // Act
    const unavailable = isUnavailable(named(name));

    // Assess
    expect(unavailable).toBe(true);
  });

  it.each([['ECONNREFUSED'], ['ECONNRESET'], ['ETIMEDOUT'], ['ENOTFOUND'], ['EAI_AGAIN']])(
    'is true for a network error with code %s',
    (code) => {
      // Act
      const unavailable = isUnavailable(Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code }));

      // Assess
      expect(unavailable).toBe(true);
    },
  );

  it.each([[500], [502], [503], [504]])('is true for any error answered with HTTP %i', (status) => {
    // Act
    const unavailable = isUnavailable(named('UnknownError', { $metadata: { httpStatusCode: status } }));

    // Assess
    expect(unavailable).toBe(true);
  });

  it('is true when the availability failure is the cause of a wrapping error', () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: refused }) });

    // Act
    const unavailable = isUnavailable(wrapped);

    // Assess
    expect(unavailable).toBe(true);
  });

  it.each([
    ['ConditionalCheckFailedException', named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } })],
    ['ValidationException', named('ValidationException', { $metadata: { httpStatusCode: 400 } })],
    ['TransactionCanceledException', named('TransactionCanceledException', { $metadata: { httpStatusCode: 400 } })],
    ['ResourceNotFoundException', named('ResourceNotFoundException', { $metadata: { httpStatusCode: 400 } })],
    ['a plain Error', new Error('bug')],
    [
      'an error whose cause is itself',
      (() => {
        const e = new Error('self') as Error & { cause?: unknown };
        e.cause = e;
        return e;
      })(),
    ],
    ['a non-Error value with an availability code', { name: 'TimeoutError', code: 'ECONNREFUSED' }],
    ['a string', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('is false for %s', (_label, error) => {
    // Act
    const unavailable = isUnavailable(error);

    // Assess
    expect(unavailable).toBe(false);
  });
});

describe('callStore', () => {
  it('returns what the call returns', async () => {
    // Act
    const result = await callStore('read product', async () => ({ Item: { PK: 'x' } }));

    // Assess
    expect(result).toEqual({ Item: { PK: 'x' } });
  });

  it('turns an availability failure into StoreUnavailableError naming the operation', async () => {
    // Prepare
    const timeout = named('TimeoutError');

    // Act
    const failure = callStore('publish catalog', async () => {
      throw timeout;
    });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failure).rejects.toThrow('the database did not answer (publish catalog)');
  });

  it.each([
    ['a ConditionalCheckFailedException', named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } })],
    ['a programming error', new TypeError('x is undefined')],
    ['a thrown string', 'oops'],
  ])('rethrows %s unchanged', async (_label, thrown) => {
    // Act
    const failure = callStore('read product', async () => {
      throw thrown;
    });

    // Assess
    await expect(failure).rejects.toBe(thrown);
  });
});

describe('isUnavailable on a cycle of causes', () => {
  it('answers false instead of recursing forever', async () => {
    // Prepare
    const { isUnavailable } = await import('#store/store-errors');
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    // Act + Assess
    expect(isUnavailable(a)).toBe(false);
  });
});
