/**
 * The shape every Lambda handler shares: find the route, decode the body within the route's
 * limit, take the caller from the authorizer's context, run the route's use case, and turn
 * the result or any error into a response. Handlers then only validate and call the domain.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { RequestDeadline, runWithDeadline } from '#core/deadline';
import { ForbiddenError } from '#core/errors';
import { beginRequestLog, endRequestLog, logger } from './observability.ts';
import { callerFromContext, type CallerIdentity } from './identity.ts';
import { problemResponse, RouteNotFoundError } from './problem.ts';
import { decodeJsonBody } from './request.ts';
import { ROUTES, type FunctionId, type RouteDefinition } from './routes.ts';

/**
 * When a request arrived: API Gateway's `requestTimeEpoch` (it includes the authorizer's time
 * and a cold start) when it is plausible, else the moment the handler started (pure).
 */
export function requestArrival(handlerStartedAt: number, requestTimeEpoch: unknown, maxAgeMs = 29_000): number {
  if (typeof requestTimeEpoch !== 'number' || !Number.isFinite(requestTimeEpoch)) return handlerStartedAt;
  if (requestTimeEpoch > handlerStartedAt || handlerStartedAt - requestTimeEpoch > maxAgeMs) return handlerStartedAt;
  return requestTimeEpoch;
}

/** What a route's use case receives: trusted values only. */
export interface HttpRequest {
  route: RouteDefinition;
  /** The caller, already authenticated; `undefined` only on routes with `auth: 'none'`. */
  caller: CallerIdentity | undefined;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** The decoded JSON body, not yet validated against the route's schema. */
  body: unknown;
  requestId: string;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  /** A body already serialised (e.g. an idempotent replay, sent byte for byte). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: HttpRequest) => Promise<HttpResult>;

/** The route handlers of one function, keyed `"<METHOD> <path template>"`. */
export type RouteHandlers = Record<string, RouteHandler>;

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

/** The caller, or 403 unless it is an admin. */
export function requireAdmin(caller: CallerIdentity | undefined): void {
  if (caller?.kind !== 'admin') throw new ForbiddenError('this route is for admins');
}

/**
 * Builds the Lambda handler of one function from its routes' use cases. Each request runs with
 * a store deadline (`REQUEST_DEADLINE_MS` after it arrived, shared/store/client.ts) that every
 * database call honours, so a database that does not answer gets the caller a 503 within 3 s,
 * however many calls the route chains.
 */
export function createFunctionHandler(functionId: FunctionId, handlers: RouteHandlers) {
  const routes = new Map(ROUTES.filter((r) => r.function === functionId).map((r) => [`${r.method} ${r.path}`, r]));
  for (const key of Object.keys(handlers)) if (!routes.has(key)) throw new Error(`${functionId}: no route ${key} in the route table`);
  for (const key of routes.keys()) if (!handlers[key]) throw new Error(`${functionId}: route ${key} has no handler`);

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
      const handle = handlers[key];
      if (!route || !handle) throw new RouteNotFoundError(event.path);
      const caller = route.auth === 'none' ? undefined : callerFromContext(event.requestContext?.authorizer);
      const body = decodeJsonBody({ body: event.body, isBase64Encoded: event.isBase64Encoded, headers: event.headers }, route.maxBodyBytes);
      const deadline = RequestDeadline.after(requestArrival(started, event.requestContext?.requestTimeEpoch));
      const result = await runWithDeadline(deadline, () =>
        handle({
          route,
          caller,
          pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
          query: (event.queryStringParameters ?? {}) as Record<string, string>,
          headers: event.headers ?? {},
          body,
          requestId,
        }),
      );
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
