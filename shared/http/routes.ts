/**
 * The route table: declared once, read by the CDK stack (API Gateway resources, methods and
 * the authorizer) and by the local server (routing), so the two cannot drift. A test checks
 * that every function named here has a handler file and that the synthesized API has exactly
 * these routes.
 */

/** A Lambda function, one per resource group; its handler is `functions/<id>.ts`. */
export type FunctionId = 'health' | 'catalog' | 'admin' | 'customers' | 'orders' | 'partners';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway resource path, with `{name}` path parameters. */
  path: string;
  function: FunctionId;
  /**
   * `none`: anyone (only `/health` and `/openapi.json`). `caller`: an admin token, a partner API key or a customer
   * JWT, resolved by the authorizer before the handler runs; the handler then decides what
   * this caller may do (function-level authorization).
   */
  auth: 'none' | 'caller';
  /** Largest request body accepted, in bytes, after decompression. */
  maxBodyBytes: number;
  /** Served by the local server only (e.g. `/dev/login`); never deployed. */
  localOnly?: boolean;
  summary: string;
}

const KB = 1024;
const MB = 1024 * KB;

/** Bodies of ordinary requests; a catalog document is the only large body. */
export const DEFAULT_MAX_BODY_BYTES = 64 * KB;
/**
 * A catalog document may be large (Renault "big" is about 7 MB of JSON). Lambda accepts at
 * most 6 MB per request, so large documents are sent gzip-compressed (`Content-Encoding:
 * gzip`) and this limit applies to the decompressed JSON.
 */
export const CATALOG_MAX_BODY_BYTES = 16 * MB;

export const ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/health', function: 'health', auth: 'none', maxBodyBytes: 0, summary: 'Liveness and whether the table answers' },
  { method: 'GET', path: '/openapi.json', function: 'health', auth: 'none', maxBodyBytes: 0, summary: 'The OpenAPI 3.1 document' },
  { method: 'GET', path: '/products', function: 'catalog', auth: 'caller', maxBodyBytes: 0, summary: 'List published products' },
  {
    method: 'GET',
    path: '/products/{productId}',
    function: 'catalog',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: 'A published catalog (current or ?version=n)',
  },
  {
    method: 'POST',
    path: '/products/{productId}/configure',
    function: 'catalog',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: "The engine's answer for these picks, with the caller's prices",
  },
  {
    method: 'PUT',
    path: '/admin/products/{productId}',
    function: 'admin',
    auth: 'caller',
    maxBodyBytes: CATALOG_MAX_BODY_BYTES,
    summary: 'Publish a new catalog version (admin)',
  },
  {
    method: 'POST',
    path: '/admin/partners',
    function: 'partners',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: 'Create a partner with its first API key, shown once (admin)',
  },
  {
    method: 'GET',
    path: '/admin/partners/{partnerId}',
    function: 'partners',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: 'A partner, its price list, usage plan and keys (admin)',
  },
  {
    method: 'PATCH',
    path: '/admin/partners/{partnerId}',
    function: 'partners',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: "Change a partner's name, price list or usage plan (admin)",
  },
  {
    method: 'POST',
    path: '/admin/partners/{partnerId}/keys',
    function: 'partners',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: 'Issue another API key, for a rotation (admin)',
  },
  {
    method: 'DELETE',
    path: '/admin/partners/{partnerId}/keys/{keyId}',
    function: 'partners',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: 'Revoke an API key at once (admin)',
  },
  {
    method: 'POST',
    path: '/admin/customers/{customerId}/merge',
    function: 'admin',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: 'Merge a duplicate record of the same person into this customer (admin)',
  },
  {
    method: 'POST',
    path: '/customers',
    function: 'customers',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: "Create a customer of the caller's tenant (partners, admins)",
  },
  {
    method: 'GET',
    path: '/customers/{customerId}',
    function: 'customers',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: 'Profile, preferences, tier, open questions, last touchpoint (owner)',
  },
  {
    method: 'DELETE',
    path: '/customers/{customerId}',
    function: 'customers',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: 'Erase personal data; orders stay, pseudonymised (owner)',
  },
  {
    method: 'PATCH',
    path: '/customers/{customerId}/preferences',
    function: 'customers',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: 'Change preferences and answer questions (owner)',
  },
  {
    method: 'GET',
    path: '/customers/{customerId}/configurations/{productId}',
    function: 'customers',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: 'The remembered configuration of a product (owner)',
  },
  {
    method: 'PUT',
    path: '/customers/{customerId}/configurations/{productId}',
    function: 'customers',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: 'Save where the customer stopped (owner; If-Match)',
  },
  {
    method: 'GET',
    path: '/customers/{customerId}/repeat-orders/{productId}',
    function: 'orders',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: "The pre-assembled repeat order, re-checked against today's catalog (owner)",
  },
  {
    method: 'GET',
    path: '/customers/{customerId}/orders',
    function: 'orders',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: "A customer's orders, newest first (owner)",
  },
  {
    method: 'POST',
    path: '/orders',
    function: 'orders',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: 'Place an order (owner; Idempotency-Key required)',
  },
  { method: 'GET', path: '/orders/{orderId}', function: 'orders', auth: 'caller', maxBodyBytes: 0, summary: 'One order (owner)' },
  {
    method: 'POST',
    path: '/orders/{orderId}/status',
    function: 'orders',
    auth: 'caller',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    summary: 'Move an order along its life cycle (partners, admins; customers may cancel)',
  },
];

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
