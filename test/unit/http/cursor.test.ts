/**
 * Pagination cursors: a cursor comes back only for the listing that issued it, and anything
 * else (tampered, foreign, garbage) is a 400, never another exception.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { createPageCursors } from '#http/cursor';

const SECRET = 'a-test-secret-of-32-characters-at-least';
const cursors = createPageCursors(SECRET);
const encodeCursor = cursors.encode;
const decodeCursor = cursors.decode;
import { MalformedRequestError } from '#core/errors';

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got a return');
}

function expectInvalidCursor(error: unknown): void {
  expect(error).toBeInstanceOf(MalformedRequestError);
  expect((error as MalformedRequestError).findings).toEqual([
    { path: ['query', 'cursor'], code: 'invalid_cursor', message: expect.any(String) },
  ]);
}

/** Replaces the character at `index` by another one of the cursor alphabet. */
function changeCharAt(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('cursors', () => {
  it('refuses a secret shorter than 32 characters, and a cursor signed under another secret', () => {
    // Prepare
    const other = createPageCursors('another-secret-of-32-characters-too');
    // Act
    const short = thrownBy(() => createPageCursors('configurator-cursor-v1'));
    const foreign = thrownBy(() => decodeCursor(other.encode('ORDER#01', 'products'), 'products'));
    // Assess
    expect(short).toBeInstanceOf(Error);
    expectInvalidCursor(foreign);
  });

  it('gives back the position for the scope that encoded it (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (position, scope) => {
        // Act
        const decoded = decodeCursor(encodeCursor(position, scope), scope);

        // Assess
        expect(decoded).toBe(position);
      }),
    );
  });

  it('gives back a position holding lone surrogates and control characters', () => {
    // Prepare
    const position = 'PRODUCT#\uD800x\uDFFF\u0000\n"';

    // Act
    const decoded = decodeCursor(encodeCursor(position, 'products'), 'products');

    // Assess
    expect(decoded).toBe(position);
  });

  it('is URL-safe: base64url and one dot', () => {
    // Act
    const cursor = encodeCursor('PRODUCT#laptop/ü?&=', 'orders:tenant-1');

    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor of another listing or tenant', () => {
    // Prepare
    const cursor = encodeCursor('ORDER#01', 'orders:tenant-a');

    // Act
    const otherTenant = thrownBy(() => decodeCursor(cursor, 'orders:tenant-b'));
    const otherListing = thrownBy(() => decodeCursor(cursor, 'products'));

    // Assess
    expectInvalidCursor(otherTenant);
    expectInvalidCursor(otherListing);
  });

  it('refuses a cursor whose payload was swapped for a forged one', () => {
    // Prepare
    const [, signature] = encodeCursor('ORDER#01', 'orders:t').split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ s: 'orders:t', p: 'ORDER#99' })).toString('base64url');

    // Act
    const error = thrownBy(() => decodeCursor(`${forgedPayload}.${signature}`, 'orders:t'));

    // Assess
    expectInvalidCursor(error);
  });

  it('refuses a cursor with any single character changed (property)', () => {
    // Prepare
    const cursor = encodeCursor('PRODUCT#laptop', 'products');

    fc.assert(
      fc.property(fc.integer({ min: 0, max: cursor.length - 1 }), (index) => {
        // Act
        const error = thrownBy(() => decodeCursor(changeCharAt(cursor, index), 'products'));

        // Assess
        expectInvalidCursor(error);
      }),
    );
  });

  it.each([
    ['empty', ''],
    ['a dot alone', '.'],
    ['no signature', 'eyJzIjoicCJ9'],
    ['no payload', '.abc'],
    ['garbage', '%%%not a cursor%%%'],
    ['three parts', 'a.b.c'],
  ])('refuses %s', (_label, cursor) => {
    // Act
    const error = thrownBy(() => decodeCursor(cursor, 'products'));

    // Assess
    expectInvalidCursor(error);
  });

  it('refuses a valid cursor with an extra dot-separated part', () => {
    // Prepare
    const cursor = encodeCursor('PRODUCT#a', 'products');

    // Act
    const withExtra = thrownBy(() => decodeCursor(`${cursor}.x`, 'products'));
    const withEmptyExtra = thrownBy(() => decodeCursor(`${cursor}.`, 'products'));

    // Assess
    expectInvalidCursor(withExtra);
    expectInvalidCursor(withEmptyExtra);
  });

  it('refuses a correctly signed cursor whose payload is not a position (no other exception escapes)', () => {
    // Prepare: signed with the default key, as encodeCursor would (CURSOR_SECRET is not set in tests)
    const sign = (payload: string) => `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url').slice(0, 22)}`;
    const notJson = sign(Buffer.from('{not json').toString('base64url'));
    const numberPosition = sign(Buffer.from(JSON.stringify({ s: 'products', p: 42 })).toString('base64url'));
    const nullPayload = sign(Buffer.from('null').toString('base64url'));

    // Act
    const errors = [notJson, numberPosition, nullPayload].map((cursor) => thrownBy(() => decodeCursor(cursor, 'products')));

    // Assess
    expect(decodeCursor(sign(Buffer.from(JSON.stringify({ s: 'products', p: 'x' })).toString('base64url')), 'products')).toBe('x');
    for (const error of errors) expectInvalidCursor(error);
  });

  it('refuses arbitrary strings with MalformedRequestError only (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?$/)),
        (cursor) => {
          // Act
          const error = thrownBy(() => decodeCursor(cursor, 'products'));

          // Assess
          expectInvalidCursor(error);
        },
      ),
      { numRuns: 300 },
    );
  });
});
