/**
 * The route table, derived from the contract (contract.ts): read by the CDK stack (API Gateway
 * resources, methods and the authorizer) and by the local server (routing), so the two cannot
 * drift from each other or from the handlers. A test checks that every function named here has
 * a handler file and that the synthesized API has exactly these routes.
 */
import { CONTRACT } from './contract.ts';
import { DEFAULT_MAX_BODY_BYTES, type FunctionId, type HttpMethod, type RouteAuth, type RouteSpec } from './api/common.ts';

export type { FunctionId, HttpMethod };

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway resource path, with `{name}` path parameters. */
  path: string;
  function: FunctionId;
  /** `none`: anyone; otherwise the authorizer resolves the caller first (see `RouteAuth`). */
  auth: RouteAuth;
  /** Largest request body accepted, in bytes, after decompression. */
  maxBodyBytes: number;
  /** Served by the local server only (e.g. `/dev/login`); never deployed. */
  localOnly?: boolean;
  summary: string;
}

export { CATALOG_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES } from './api/common.ts';

/** One route of the table, from its contract. */
export function routeDefinition(key: string, spec: RouteSpec): RouteDefinition {
  const [method, path] = key.split(' ') as [HttpMethod, string];
  return {
    method,
    path,
    function: spec.function,
    auth: spec.auth,
    maxBodyBytes: spec.maxBodyBytes ?? (spec.body ? DEFAULT_MAX_BODY_BYTES : 0),
    ...(spec.localOnly ? { localOnly: true } : {}),
    summary: spec.summary,
  };
}

export const ROUTES: readonly RouteDefinition[] = Object.entries(CONTRACT as Record<string, RouteSpec>).map(([key, spec]) =>
  routeDefinition(key, spec),
);

/** The functions the routes name, each once, in a stable order. */
export function functionIds(routes: readonly RouteDefinition[] = ROUTES): FunctionId[] {
  return [...new Set(routes.map((r) => r.function))];
}

/** A route matched against a concrete request path. */
export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

/**
 * Finds the route for a method and path. Returns `undefined` when no path matches, and
 * `{ allowed }` when the path exists with other methods (the caller answers 405).
 */
export function matchRoute(
  method: string,
  path: string,
  routes: readonly RouteDefinition[] = ROUTES,
): RouteMatch | { allowed: HttpMethod[] } | undefined {
  const segments = path.split('/').filter(Boolean);
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const parameters = matchPath(route.path, segments);
    if (!parameters) continue;
    if (route.method === method) return { route, pathParameters: parameters };
    allowed.push(route.method);
  }
  return allowed.length ? { allowed } : undefined;
}

function matchPath(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    if (part.startsWith('{') && part.endsWith('}')) {
      let value: string;
      try {
        value = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
      parameters[part.slice(1, -1)] = value;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return parameters;
}
