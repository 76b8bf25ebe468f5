/**
 * Turning an API Gateway proxy event into trusted values: headers, the decoded body (with a
 * size limit that also bounds gzip expansion), and zod parsing whose every issue becomes a
 * finding with the path of the failing field.
 */
import { gunzipSync } from 'node:zlib';
import type * as z from 'zod';
import { MalformedRequestError, type Finding } from '#core/errors';
import { BodyTooLargeError, UnsupportedMediaTypeError } from './problem.ts';

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
export function header(headers: Record<string, string | undefined> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}

export interface RawBody {
  body: string | null;
  isBase64Encoded: boolean;
  headers: Record<string, string | undefined> | null;
}

/**
 * Decodes and parses a JSON body. `undefined` when there is none. Bodies may be gzip-compressed
 * (`Content-Encoding: gzip`, for large catalogs); the limit applies after decompression, and
 * decompression stops at the limit, so a zip bomb costs nothing.
 */
export function decodeJsonBody(raw: RawBody, maxBytes: number): unknown {
  if (raw.body === null || raw.body === undefined || raw.body === '') return undefined;
  if (maxBytes === 0) throw new MalformedRequestError('this request takes no body');
  const contentType = header(raw.headers, 'content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType))
    throw new UnsupportedMediaTypeError(contentType);
  let bytes: Buffer = raw.isBase64Encoded ? Buffer.from(raw.body, 'base64') : Buffer.from(raw.body, 'utf8');
  const encoding = (header(raw.headers, 'content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'gzip') {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new BodyTooLargeError(maxBytes);
      throw new MalformedRequestError('the body is not valid gzip data');
    }
  } else if (encoding !== 'identity') {
    throw new UnsupportedMediaTypeError(`${contentType} with Content-Encoding ${encoding} (use gzip or none)`);
  }
  if (bytes.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new MalformedRequestError(`the body is not valid JSON: ${(error as Error).message}`, [
      { path: [], code: 'invalid-json', message: (error as Error).message },
    ]);
  }
}

/** zod issues as findings; `prefix` says where the parsed value sits (`query`, `path`, or nothing for the body). */
export function issuesToFindings(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[] = []): Finding[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      // One finding per unknown key, each pointing at the key itself.
      return issue.keys.map((key) => ({ path: [...path, key], code: 'unrecognized_key', message: `unknown field "${key}"` }));
    }
    if (issue.code === 'invalid_union' && issue.errors?.length) {
      // A value that fits none of a union's shapes: the shape it came closest to (fewest issues)
      // names the field, e.g. `gift.recipient.addressLines` rather than the whole body.
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      if (closest.length) return issuesToFindings(closest, path);
    }
    return [{ path, code: issue.code, message: issue.message }];
  });
}

/** Parses with a strict schema; throws `MalformedRequestError` with every issue. */
export function parseRequestPart<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path' | 'header'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const prefix = where === 'body' ? [] : [where];
  const findings = issuesToFindings(result.error.issues, prefix);
  const first = findings[0];
  const detail =
    value === undefined && where === 'body'
      ? 'a JSON body is required'
      : `${findings.length} problem(s) in the ${where}${first ? `, first at ${first.path.join('.') || '(root)'}: ${first.message}` : ''}`;
  throw new MalformedRequestError(detail, findings);
}

/** Where a request was addressed, in plain strings (the caller reads them off its event). */
export interface RequestAddress {
  /** API Gateway's `requestContext.domainName`, when present: the domain the client called. */
  domainName?: string | undefined;
  /** The `Host` header (used when there is no `domainName`, e.g. on the local server). */
  host?: string | undefined;
  /** The `X-Forwarded-Proto` header; API Gateway sets `https`. Absent means `http` (the local server). */
  forwardedProto?: string | undefined;
  /** The path the client asked for, with any stage or base path: `requestContext.path`, e.g. `/prod/openapi.json`. */
  requestPath?: string | undefined;
  /** The path the route matched, without stage or base path: the event's `path`, e.g. `/openapi.json`. */
  routePath: string;
}

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;
const BASE_PATH = /^(?:\/[A-Za-z0-9._~-]+)*$/;

/**
 * The base URL a request was sent to, for the OpenAPI document's `servers` entry: scheme from
 * `X-Forwarded-Proto`, host from API Gateway's domain name or the `Host` header, and the base
 * path as what the client's path has in front of the route's path (`/prod` on an
 * `execute-api` URL, a custom domain's base path mapping, nothing locally). The stage name alone
 * would be wrong on a custom domain, which has none in its URLs. Undefined when a part is
 * missing or malformed (a forged `Host` such as `evil.example/x` is not echoed), so the caller
 * falls back to the default servers.
 */
export function serverUrlOf(address: RequestAddress): string | undefined {
  const host = address.domainName || address.host;
  if (!host || !HOST.test(host)) return undefined;
  const proto = (address.forwardedProto ?? 'http').split(',')[0]!.trim().toLowerCase();
  if (proto !== 'http' && proto !== 'https') return undefined;
  const requested = address.requestPath ?? address.routePath;
  if (!requested.endsWith(address.routePath)) return undefined;
  const base = requested.slice(0, requested.length - address.routePath.length);
  if (!BASE_PATH.test(base)) return undefined;
  return `${proto}://${host}${base}`;
}
