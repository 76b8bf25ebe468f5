/**
 * The shape every Lambda handler shares, generated from the contract: a function's file in
 * `functions/` only maps each route's typed input to a use case and its result to a status,
 * headers and body.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type * as z from 'zod';
import type { AdminCaller, CallerIdentity } from '#core/caller';
import { RequestDeadline, runWithDeadline } from '#core/deadline';
import { ForbiddenError, MalformedRequestError } from '#core/errors';
import type { BodyContract, FunctionId, HeaderContract, RouteAuth, RouteSpec } from './api/common.ts';
import { type Contract, contractOf } from './contract.ts';
import { callerFromContext } from './identity.ts';
import { beginRequestLog, endRequestLog, logger } from './observability.ts';
import { problemResponse, RouteNotFoundError } from './problem.ts';
import { decodeJsonBody, header, parseRequestPart, serverUrlOf } from './request.ts';
import { ROUTES } from './routes.ts';

/**
 * When a request arrived: API Gateway's `requestTimeEpoch` (it includes the authorizer's time
 * and a cold start) when it is plausible, else the moment the handler started (pure).
 */
export function requestArrival(handlerStartedAt: number, requestTimeEpoch: unknown, maxAgeMs = 29_000): number {
  if (typeof requestTimeEpoch !== 'number' || !Number.isFinite(requestTimeEpoch)) return handlerStartedAt;
  if (requestTimeEpoch > handlerStartedAt || handlerStartedAt - requestTimeEpoch > maxAgeMs) return handlerStartedAt;
  return requestTimeEpoch;
}

/** The caller a route's `auth` guarantees. */
type CallerFor<A extends RouteAuth> = A extends 'none' ? undefined : A extends 'admin' ? AdminCaller : CallerIdentity;

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

type HeadersOf<H> = H extends readonly HeaderContract[]
  ? { [C in H[number] as C['key']]: C['required'] extends true ? z.output<C['schema']> : z.output<C['schema']> | undefined }
  : Record<string, never>;

type BodyOf<B> = B extends { validatedByUseCase: true } ? unknown : B extends { schema: infer S } ? Parsed<S> : undefined;

/** What a route receives: every request part parsed with its contract, the caller narrowed by `auth`. */
export interface RouteInput<S extends RouteSpec> {
  path: Parsed<S['path']>;
  query: Parsed<S['query']>;
  headers: HeadersOf<S['headers']>;
  body: BodyOf<S['body']>;
  caller: CallerFor<S['auth']>;
  /** The request itself, for what no contract describes. */
  request: RequestFacts;
}

/** Facts about the request beyond its parsed parts. */
export interface RequestFacts {
  requestId: string;
  /** The API and stage it came in through (API Gateway's `requestContext`). */
  gateway: { restApiId: string; stage: string };
  /** The URL the caller reached the API at (scheme, host, base path), when it can be told safely (see `serverUrlOf`). */
  serverUrl: string | undefined;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  /** A body already serialised (e.g. a document kept as bytes), sent as it is. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** The routes served by one function, each with its typed handler. */
export type RouteHandlers<F extends FunctionId> = {
  [K in keyof Contract as Contract[K]['function'] extends F ? K : never]: (input: RouteInput<Contract[K]>) => Promise<HttpResult>;
};

/**
 * In AWS the page (CloudFront) and the API (API Gateway) have different origins, so every
 * answer, problems included, names the page's origin. Locally both share one origin and the
 * variable is unset.
 */
const corsHeaders: Record<string, string> = process.env.CORS_ALLOWED_ORIGIN
  ? {
      'Access-Control-Allow-Origin': process.env.CORS_ALLOWED_ORIGIN,
      // The page reads these: ETag for If-Match, Location, Retry-After, and whether an order was a replay.
      'Access-Control-Expose-Headers': 'ETag, Location, Retry-After, Idempotent-Replayed',
      Vary: 'Origin',
    }
  : {};

/**
 * Builds the Lambda handler of one function from its routes. For each request: find the route,
 * take the caller from the authorizer's context (401 without one, 403 for a non-admin on an
 * admin route), decode the body within the route's limit, parse path, query, headers and body
 * with the route's contract (400/422 naming the field), run the route inside the request's store
 * deadline (`REQUEST_DEADLINE_MS` after it arrived, so a database that does not answer gets the
 * caller a 503 within 3 s, however many calls the route chains), and turn its result or any
 * error into a response: problem+json from `problem.ts`, the one place errors become HTTP.
 */
export function createFunctionHandler<F extends FunctionId>(functionId: F, handlers: RouteHandlers<F>) {
  const table = handlers as unknown as Record<string, (input: RouteInput<RouteSpec>) => Promise<HttpResult>>;
  const routes = new Map(ROUTES.filter((r) => r.function === functionId).map((r) => [`${r.method} ${r.path}`, r]));
  for (const key of Object.keys(table)) if (!routes.has(key)) throw new Error(`${functionId}: no route ${key} in the contract`);
  for (const key of routes.keys()) if (!table[key]) throw new Error(`${functionId}: route ${key} has no handler`);

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    const instance = event.path;
    const started = Date.now();
    const context = (event.requestContext?.authorizer ?? {}) as { tenantId?: unknown; callerKind?: unknown };
    beginRequestLog({
      requestId,
      route: `${event.httpMethod} ${event.resource}`,
      tenant: typeof context.tenantId === 'string' ? context.tenantId : undefined,
      callerKind: typeof context.callerKind === 'string' ? context.callerKind : undefined,
    });
    let statusCode = 500;
    try {
      const key = `${event.httpMethod} ${event.resource}`;
      const route = routes.get(key);
      const handle = table[key];
      if (!route || !handle) throw new RouteNotFoundError(event.path);
      const spec = contractOf(route.method, route.path);
      const caller = callerOf(spec.auth, event.requestContext?.authorizer);
      const raw = decodeJsonBody({ body: event.body, isBase64Encoded: event.isBase64Encoded, headers: event.headers }, route.maxBodyBytes);
      const input: RouteInput<RouteSpec> = {
        path: (spec.path ? parseRequestPart(spec.path, event.pathParameters ?? {}, 'path') : {}) as never,
        query: (spec.query ? parseRequestPart(spec.query, event.queryStringParameters ?? {}, 'query') : {}) as never,
        headers: parseHeaders(spec.headers ?? [], event.headers ?? {}) as never,
        body: parseBody(spec.body, raw) as never,
        caller: caller as never,
        request: {
          requestId,
          gateway: { restApiId: event.requestContext?.apiId ?? 'unknown', stage: event.requestContext?.stage ?? 'unknown' },
          serverUrl: serverUrlOf({
            domainName: event.requestContext?.domainName,
            host: header(event.headers, 'host'),
            forwardedProto: header(event.headers, 'x-forwarded-proto'),
            requestPath: event.requestContext?.path,
            routePath: event.path,
          }),
        },
      };
      const deadline = RequestDeadline.after(requestArrival(started, event.requestContext?.requestTimeEpoch));
      const result = await runWithDeadline(deadline, () => handle(input));
      const responseBody = result.rawBody ?? (result.body === undefined ? '' : JSON.stringify(result.body));
      statusCode = result.status;
      return {
        statusCode: result.status,
        headers: { ...corsHeaders, ...(responseBody === '' ? {} : { 'Content-Type': 'application/json' }), ...result.headers },
        body: responseBody,
      };
    } catch (error) {
      const response = problemResponse(error, { instance, requestId });
      statusCode = response.statusCode;
      if (response.statusCode >= 500 && response.statusCode !== 503) logger.error('unexpected error', error as Error);
      else if (response.statusCode === 503) logger.warn('the database did not answer', { error: (error as Error).message });
      return { ...response, headers: { ...corsHeaders, ...response.headers } };
    } finally {
      endRequestLog(statusCode, Date.now() - started);
    }
  };
}

/** The caller the route's `auth` requires: none, any resolved caller (else 401), or an admin (else 403). */
function callerOf(auth: RouteAuth, authorizerContext: unknown): CallerIdentity | undefined {
  if (auth === 'none') return undefined;
  const caller = callerFromContext(authorizerContext);
  if (auth === 'admin' && caller.kind !== 'admin') throw new ForbiddenError('this route is for admins');
  return caller;
}

/** The declared headers, parsed; a missing required one or a malformed one is a 400 naming it. */
function parseHeaders(contracts: readonly HeaderContract[], headers: Record<string, string | undefined>): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const contract of contracts) {
    const value = header(headers, contract.name);
    const at = ['header', contract.name.toLowerCase()];
    if (value === undefined) {
      if (contract.required) {
        const missing = contract.missing ?? { detail: `the ${contract.name} header is required`, message: `send ${contract.name}` };
        throw new MalformedRequestError(missing.detail, [{ path: at, code: 'required', message: missing.message }]);
      }
      parsed[contract.key] = undefined;
      continue;
    }
    if (contract.invalid && !contract.schema.safeParse(value).success) {
      throw new MalformedRequestError(contract.invalid.detail, [
        { path: at, code: contract.invalid.code, message: contract.invalid.message },
      ]);
    }
    parsed[contract.key] = parseRequestPart(contract.schema, value, 'header');
  }
  return parsed;
}

/** The body as the route takes it: parsed with its schema, `{}` for an absent optional body, or raw for the use case to check. */
function parseBody(body: BodyContract | undefined, raw: unknown): unknown {
  if (!body) return undefined;
  if (body.validatedByUseCase) return raw;
  return parseRequestPart(body.schema, raw === undefined && body.optional ? {} : raw, 'body');
}
