/**
 * Availability failures of the SDK become StoreUnavailableError; everything else passes
 * unchanged. A refused condition is recognised in one place: by name for a single write, by the
 * actions' names for a transaction.
 */
import { describe, expect, it } from 'vitest';
import { callStore, failedConditions, isConditionFailed, isUnavailable, namedTransaction } from '#store/store-errors';
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

/** A TransactionCanceledException as the SDK throws it: one reason per action, in request order. */
function cancelled(...codes: string[]): Error {
  return named('TransactionCanceledException', {
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => (Code === 'None' ? { Code } : { Code, Message: `${Code} happened` })),
  });
}

describe('isConditionFailed', () => {
  it('is true for a ConditionalCheckFailedException', () => {
    // Act
    const failed = isConditionFailed(named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } }));

    // Assess
    expect(failed).toBe(true);
  });

  it.each([
    ['a cancelled transaction, even one cancelled by a condition', cancelled('ConditionalCheckFailed')],
    ['a ValidationException', named('ValidationException')],
    ['a timeout', named('TimeoutError')],
    ['a non-Error value with that name', { name: 'ConditionalCheckFailedException' }],
    ['undefined', undefined],
  ])('is false for %s', (_label, error) => {
    // Act
    const failed = isConditionFailed(error);

    // Assess
    expect(failed).toBe(false);
  });
});

describe('namedTransaction', () => {
  it('keeps the actions in order and names each of them, a repeated name included', () => {
    // Prepare
    const check = { ConditionCheck: { TableName: 't', Key: { PK: 'a', SK: 'b' }, ConditionExpression: 'attribute_exists(PK)' } };
    const first = { Put: { TableName: 't', Item: { PK: 'c', SK: '1' } } };
    const second = { Put: { TableName: 't', Item: { PK: 'c', SK: '2' } } };

    // Act
    const transaction = namedTransaction([
      { name: 'owner', item: check },
      { name: 'part', item: first },
      { name: 'part', item: second },
    ]);

    // Assess
    expect(transaction.input).toEqual({ TransactItems: [check, first, second] });
    expect(transaction.names).toEqual(['owner', 'part', 'part']);
  });
});

describe('failedConditions', () => {
  const names = ['order', 'pointer', 'customer', 'idempotency'] as const;

  it('names the actions whose condition refused, wherever they stand', () => {
    // Act
    const customer = failedConditions(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'), names);
    const two = failedConditions(cancelled('ConditionalCheckFailed', 'None', 'None', 'ConditionalCheckFailed'), names);

    // Assess
    expect(customer).toEqual(new Set(['customer']));
    expect(two).toEqual(new Set(['order', 'idempotency']));
  });

  it('answers one name for several refused actions that share it', () => {
    // Act
    const failed = failedConditions(cancelled('None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'), [
      'current',
      'part',
      'part',
    ] as const);

    // Assess
    expect(failed).toEqual(new Set(['part']));
  });

  it('is an empty set for a transaction cancelled by something other than a condition', () => {
    // Act
    const conflict = failedConditions(cancelled('None', 'TransactionConflict', 'None', 'None'), names);
    const noReasons = failedConditions(named('TransactionCanceledException'), names);

    // Assess
    expect(conflict).toEqual(new Set());
    expect(noReasons).toEqual(new Set());
  });

  it.each([
    ['a single ConditionalCheckFailedException', named('ConditionalCheckFailedException')],
    ['a timeout', named('TimeoutError')],
    ['a thrown string', 'TransactionCanceledException'],
  ])('is undefined for %s (not a cancelled transaction)', (_label, error) => {
    // Act
    const failed = failedConditions(error, names);

    // Assess
    expect(failed).toBeUndefined();
  });
});
