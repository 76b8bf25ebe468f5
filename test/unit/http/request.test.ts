/**
 * Request decoding: header lookup, the JSON body (content types, base64, gzip with a bounded
 * expansion, the byte limit) and zod issues turned into findings with field paths.
 */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import * as z from 'zod';
import { decodeJsonBody, header, issuesToFindings, parseRequestPart, type RawBody } from '#http/request';
import { BodyTooLargeError, UnsupportedMediaTypeError } from '#http/problem';
import { MalformedRequestError } from '#core/errors';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function textBody(body: string | null, headers: Record<string, string | undefined> | null = JSON_HEADERS): RawBody {
  return { body, isBase64Encoded: false, headers };
}

function gzipBody(
  data: Buffer | string,
  headers: Record<string, string> = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
): RawBody {
  return { body: gzipSync(data).toString('base64'), isBase64Encoded: true, headers };
}

/** Runs `act` and returns what it threw (fails the test when it throws nothing). */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got a return');
}

describe('header', () => {
  it('finds a header whatever the casing of the name or of the request', () => {
    // Prepare
    const headers = { 'Content-Type': 'application/json', 'x-API-key': 'k1' };

    // Act
    const found = [header(headers, 'content-type'), header(headers, 'CONTENT-TYPE'), header(headers, 'X-Api-Key')];

    // Assess
    expect(found).toEqual(['application/json', 'application/json', 'k1']);
  });

  it('answers undefined for a missing header, a header without value, and no headers at all', () => {
    // Act
    const found = [
      header({ accept: 'x' }, 'content-type'),
      header({ 'content-type': undefined }, 'content-type'),
      header(null, 'accept'),
      header(undefined, 'accept'),
    ];

    // Assess
    expect(found).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('decodeJsonBody', () => {
  it('answers undefined when there is no body', () => {
    // Act
    const decoded = [decodeJsonBody(textBody(null), 100), decodeJsonBody(textBody(''), 100), decodeJsonBody(textBody('', null), 0)];

    // Assess
    expect(decoded).toEqual([undefined, undefined, undefined]);
  });

  it('parses a text body', () => {
    // Act
    const decoded = decodeJsonBody(textBody('{"picks":["cpu.i5"],"n":2}'), 1000);

    // Assess
    expect(decoded).toEqual({ picks: ['cpu.i5'], n: 2 });
  });

  it('parses a base64-encoded body, UTF-8 included', () => {
    // Prepare
    const raw = { body: Buffer.from('{"name":"Café ☕"}', 'utf8').toString('base64'), isBase64Encoded: true, headers: JSON_HEADERS };

    // Act
    const decoded = decodeJsonBody(raw, 1000);

    // Assess
    expect(decoded).toEqual({ name: 'Café ☕' });
  });

  it.each([
    ['application/json'],
    ['Application/JSON'],
    ['application/json; charset=utf-8'],
    ['application/json;charset=UTF-8'],
    ['application/problem+json'],
    ['application/merge-patch+json; charset=utf-8'],
    ['application/vnd.configurator.v1+json'],
  ])('accepts the content type %s', (contentType) => {
    // Act
    const decoded = decodeJsonBody(textBody('[1,2]', { 'content-type': contentType }), 100);

    // Assess
    expect(decoded).toEqual([1, 2]);
  });

  it.each([
    ['text/plain'],
    ['application/xml'],
    ['application/jsonx'],
    ['application/json-seq'],
    ['text/json'],
    ['+json'],
    ['multipart/form-data; boundary=x'],
  ])('refuses the content type %s as unsupported', (contentType) => {
    // Act
    const error = thrownBy(() => decodeJsonBody(textBody('[1]', { 'Content-Type': contentType }), 100));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((error as UnsupportedMediaTypeError).contentType).toBe(contentType);
  });

  it('refuses a body sent without a content type as unsupported', () => {
    // Act
    const error = thrownBy(() => decodeJsonBody(textBody('[1]', {}), 100));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((error as Error).message).toMatch(/no content type/);
  });

  it('decodes a gzip-compressed body, whatever the casing of the encoding', () => {
    // Prepare
    const document = { id: 'laptop', groups: Array.from({ length: 50 }, (_, i) => ({ id: `g${i}` })) };
    const raw = gzipBody(JSON.stringify(document), { 'content-type': 'application/json', 'content-encoding': ' GZIP ' });

    // Act
    const decoded = decodeJsonBody(raw, 100_000);

    // Assess
    expect(decoded).toEqual(document);
  });

  it('accepts Content-Encoding identity as no encoding', () => {
    // Act
    const decoded = decodeJsonBody(textBody('{"a":1}', { 'Content-Type': 'application/json', 'Content-Encoding': 'identity' }), 100);

    // Assess
    expect(decoded).toEqual({ a: 1 });
  });

  it.each([['br'], ['deflate'], ['x-gzip'], ['gzip, br']])('refuses the Content-Encoding %s as unsupported', (encoding) => {
    // Act
    const error = thrownBy(() =>
      decodeJsonBody(textBody('{"a":1}', { 'Content-Type': 'application/json', 'Content-Encoding': encoding }), 100),
    );

    // Assess
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((error as Error).message).toContain(encoding);
  });

  it('refuses a gzip bomb with BodyTooLargeError without inflating it', () => {
    // Prepare: 64 gzip members of 16 MiB of spaces each (about 1 MB sent, 1 GiB inflated)
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const raw = {
      body: bomb.toString('base64'),
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    };
    const peakBefore = process.resourceUsage().maxRSS;

    // Act
    const error = thrownBy(() => decodeJsonBody(raw, 64 * 1024));

    // Assess
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).limitBytes).toBe(64 * 1024);
    const peakGrowthKiB = process.resourceUsage().maxRSS - peakBefore;
    expect(peakGrowthKiB).toBeLessThan(256 * 1024);
  });

  it.each([
    ['not gzip at all', Buffer.from('{"a":1}')],
    ['a truncated gzip stream', gzipSync(`{"a":"${'x'.repeat(500)}"}`).subarray(0, 20)],
    [
      'a gzip stream with a corrupted checksum',
      (() => {
        const g = Buffer.from(gzipSync('{"a":1}'));
        g[g.length - 5] = g[g.length - 5]! ^ 0xff;
        return g;
      })(),
    ],
  ])('refuses %s sent as gzip as malformed', (_label, bytes) => {
    // Prepare
    const raw = {
      body: bytes.toString('base64'),
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    };

    // Act
    const error = thrownBy(() => decodeJsonBody(raw, 10_000));

    // Assess
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect((error as Error).message).toBe('the body is not valid gzip data');
  });

  it('accepts a plain body of exactly the limit and refuses one byte more', () => {
    // Prepare
    const body = JSON.stringify({ padding: 'x'.repeat(90) });
    const size = Buffer.byteLength(body);

    // Act
    const atLimit = decodeJsonBody(textBody(body), size);
    const overLimit = thrownBy(() => decodeJsonBody(textBody(body), size - 1));

    // Assess
    expect(atLimit).toEqual({ padding: 'x'.repeat(90) });
    expect(overLimit).toBeInstanceOf(BodyTooLargeError);
    expect((overLimit as BodyTooLargeError).limitBytes).toBe(size - 1);
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    // Prepare: "é" is 1 character and 2 bytes, so the body is 3 characters and 4 bytes
    const body = '"é"';

    // Act
    const atLimit = decodeJsonBody(textBody(body), 4);
    const overLimit = thrownBy(() => decodeJsonBody(textBody(body), 3));

    // Assess
    expect(atLimit).toBe('é');
    expect(overLimit).toBeInstanceOf(BodyTooLargeError);
  });

  it('applies the limit to the inflated size of a gzip body: exactly the limit passes, one byte less fails', () => {
    // Prepare
    const body = JSON.stringify({ padding: 'y'.repeat(200) });
    const size = Buffer.byteLength(body);

    // Act
    const atLimit = decodeJsonBody(gzipBody(body), size);
    const overLimit = thrownBy(() => decodeJsonBody(gzipBody(body), size - 1));

    // Assess
    expect(gzipSync(body).byteLength).toBeLessThan(size - 1);
    expect(atLimit).toEqual({ padding: 'y'.repeat(200) });
    expect(overLimit).toBeInstanceOf(BodyTooLargeError);
  });

  it('refuses invalid JSON as malformed, with an invalid-json finding', () => {
    // Act
    const error = thrownBy(() => decodeJsonBody(textBody('{"a":'), 100));

    // Assess
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect((error as Error).message).toMatch(/^the body is not valid JSON: /);
    expect((error as MalformedRequestError).findings).toEqual([{ path: [], code: 'invalid-json', message: expect.any(String) }]);
  });

  it('refuses any body on a route that takes none, before looking at its type', () => {
    // Act
    const withJson = thrownBy(() => decodeJsonBody(textBody('{}'), 0));
    const withoutType = thrownBy(() => decodeJsonBody(textBody('hello', {}), 0));

    // Assess
    expect(withJson).toBeInstanceOf(MalformedRequestError);
    expect((withJson as Error).message).toBe('this request takes no body');
    expect(withoutType).toBeInstanceOf(MalformedRequestError);
  });
});

describe('issuesToFindings', () => {
  it('names the field of the union shape a value came closest to', () => {
    // Prepare: the first shape fails on one field, the second on two.
    const Union = z.strictObject({
      order: z.union([z.strictObject({ lines: z.array(z.string()).max(1) }), z.strictObject({ repeat: z.literal(true) })]),
    });
    const result = Union.safeParse({ order: { lines: ['a', 'b'] } });

    // Act
    const findings = issuesToFindings(result.error!.issues);

    // Assess
    expect(findings).toEqual([{ path: ['order', 'lines'], code: 'too_big', message: expect.any(String) }]);
  });

  const Schema = z.strictObject({
    name: z.string(),
    options: z.strictObject({ size: z.number().int(), colors: z.array(z.string()) }),
  });

  it('gives one finding per unknown key, each with the key at the end of its path', () => {
    // Prepare
    const result = Schema.safeParse({ name: 'n', options: { size: 1, colors: [], shade: 'x', gloss: true }, extra: 1 });

    // Act
    const findings = issuesToFindings(result.error!.issues);

    // Assess
    expect(findings).toHaveLength(3);
    expect(findings).toEqual(
      expect.arrayContaining([
        { path: ['extra'], code: 'unrecognized_key', message: 'unknown field "extra"' },
        { path: ['options', 'shade'], code: 'unrecognized_key', message: 'unknown field "shade"' },
        { path: ['options', 'gloss'], code: 'unrecognized_key', message: 'unknown field "gloss"' },
      ]),
    );
  });

  it('keeps the full path of nested failures, array indexes as numbers', () => {
    // Prepare
    const result = Schema.safeParse({ name: 7, options: { size: 1.5, colors: ['red', 3] } });

    // Act
    const findings = issuesToFindings(result.error!.issues);

    // Assess
    expect(findings.map((f) => f.path)).toEqual(expect.arrayContaining([['name'], ['options', 'size'], ['options', 'colors', 1]]));
    expect(findings).toHaveLength(3);
    expect(findings.find((f) => f.path[0] === 'name')!.code).toBe('invalid_type');
  });

  it('puts the prefix in front of every path', () => {
    // Prepare
    const result = Schema.safeParse({ name: 'n', options: { size: 'big', colors: [] }, extra: 1 });

    // Act
    const findings = issuesToFindings(result.error!.issues, ['query']);

    // Assess
    expect(findings.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        ['query', 'options', 'size'],
        ['query', 'extra'],
      ]),
    );
    expect(findings.every((f) => f.path[0] === 'query')).toBe(true);
  });
});

describe('parseRequestPart', () => {
  const Query = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

  it('returns the parsed value when it is valid', () => {
    // Act
    const parsed = parseRequestPart(Query, { version: '3' }, 'query');

    // Assess
    expect(parsed).toEqual({ version: 3 });
  });

  it.each([['query'], ['path'], ['header']] as const)('prefixes the finding paths with %s', (where) => {
    // Act
    const error = thrownBy(() => parseRequestPart(Query, { version: '0', other: 'x' }, where));

    // Assess
    expect(error).toBeInstanceOf(MalformedRequestError);
    const findings = (error as MalformedRequestError).findings;
    expect(findings.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        [where, 'version'],
        [where, 'other'],
      ]),
    );
    expect((error as Error).message).toMatch(new RegExp(`^2 problem\\(s\\) in the ${where}, first at ${where}\\.`));
  });

  it('does not prefix the paths of a body', () => {
    // Act
    const error = thrownBy(() => parseRequestPart(z.strictObject({ picks: z.array(z.string()) }), { picks: [1] }, 'body'));

    // Assess
    expect((error as MalformedRequestError).findings).toEqual([{ path: ['picks', 0], code: 'invalid_type', message: expect.any(String) }]);
    expect((error as Error).message).toMatch(/^1 problem\(s\) in the body, first at picks\.0: /);
  });

  it('says a JSON body is required when the body is missing', () => {
    // Act
    const error = thrownBy(() => parseRequestPart(z.strictObject({ picks: z.array(z.string()) }), undefined, 'body'));

    // Assess
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect((error as Error).message).toBe('a JSON body is required');
    expect((error as MalformedRequestError).findings).toHaveLength(1);
  });

  it('names the root when the failing value is the whole part', () => {
    // Act
    const error = thrownBy(() => parseRequestPart(z.strictObject({}), 'text', 'body'));

    // Assess
    expect((error as Error).message).toMatch(/^1 problem\(s\) in the body, first at \(root\): /);
  });
});
