/**
 * The route table: matching a request to a route (path parameters, decoding, 405), and that the
 * table, the handler files and the local server name the same functions.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { functionIds, matchRoute, ROUTES, type RouteDefinition } from '#http/routes';
import { FUNCTION_MODULES } from '../../../infra/local/functions.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const TABLE: RouteDefinition[] = [
  { method: 'GET', path: '/things', function: 'catalog', auth: 'caller', maxBodyBytes: 0, summary: 'list' },
  { method: 'POST', path: '/things', function: 'catalog', auth: 'caller', maxBodyBytes: 100, summary: 'create' },
  { method: 'GET', path: '/things/{thingId}/parts/{partId}', function: 'admin', auth: 'caller', maxBodyBytes: 0, summary: 'part' },
  {
    method: 'DELETE',
    path: '/things/{thingId}/parts/{partId}',
    function: 'admin',
    auth: 'caller',
    maxBodyBytes: 0,
    summary: 'delete part',
  },
  { method: 'PATCH', path: '/things/{thingId}/parts/{partId}', function: 'health', auth: 'caller', maxBodyBytes: 0, summary: 'edit part' },
];

describe('matchRoute', () => {
  it('matches an exact path with its method and no parameters', () => {
    // Act
    const match = matchRoute('GET', '/health');

    // Assess
    expect(match).toEqual({ route: ROUTES.find((r) => r.path === '/health'), pathParameters: {} });
  });

  it('extracts path parameters by name', () => {
    // Act
    const match = matchRoute('DELETE', '/things/t-1/parts/p-2', TABLE);

    // Assess
    expect(match).toEqual({ route: TABLE[3], pathParameters: { thingId: 't-1', partId: 'p-2' } });
  });

  it('matches the product route of the real table', () => {
    // Act
    const match = matchRoute('PUT', '/admin/products/laptop-15');

    // Assess
    expect(match && 'route' in match ? [match.route.function, match.pathParameters] : match).toEqual(['admin', { productId: 'laptop-15' }]);
  });

  it('URL-decodes path parameters, an encoded slash included', () => {
    // Act
    const match = matchRoute('GET', '/products/caf%C3%A9%20no%2F1');

    // Assess
    expect(match && 'route' in match ? match.pathParameters : match).toEqual({ productId: 'café no/1' });
  });

  it.each([['/products/%E0%A4%A'], ['/products/%'], ['/products/abc%zz'], ['/things/%FF/parts/1']])(
    'answers no match for the malformed escape in %s',
    (path) => {
      // Act
      const match = matchRoute('GET', path, [...ROUTES, ...TABLE]);

      // Assess
      expect(match).toBeUndefined();
    },
  );

  it('does not decode literal segments: an encoded literal is another path', () => {
    // Act
    const match = matchRoute('GET', '/%68ealth');

    // Assess
    expect(match).toBeUndefined();
  });

  it('answers the allowed methods, in table order, when the path exists with other methods only', () => {
    // Act
    const onParts = matchRoute('PUT', '/things/a/parts/b', TABLE);
    const onProducts = matchRoute('POST', '/products');
    const onAdmin = matchRoute('GET', '/admin/products/x');

    // Assess
    expect(onParts).toEqual({ allowed: ['GET', 'DELETE', 'PATCH'] });
    expect(onProducts).toEqual({ allowed: ['GET'] });
    expect(onAdmin).toEqual({ allowed: ['PUT'] });
  });

  it('treats methods case-sensitively (API Gateway sends them upper-case)', () => {
    // Act
    const match = matchRoute('get', '/health');

    // Assess
    expect(match).toEqual({ allowed: ['GET'] });
  });

  it.each([['/nothing'], ['/products/a/b'], ['/'], [''], ['/admin/products'], ['/healthz']])(
    'answers no match for the unknown path %j',
    (path) => {
      // Act
      const match = matchRoute('GET', path);

      // Assess
      expect(match).toBeUndefined();
    },
  );

  it('ignores a trailing slash and repeated slashes (empty segments are dropped)', () => {
    // Act
    const trailing = matchRoute('GET', '/products/');
    const doubled = matchRoute('GET', '//products//p1/');

    // Assess
    expect(trailing && 'route' in trailing ? trailing.route.path : trailing).toBe('/products');
    expect(doubled && 'route' in doubled ? [doubled.route.path, doubled.pathParameters] : doubled).toEqual([
      '/products/{productId}',
      { productId: 'p1' },
    ]);
  });
});

describe('functionIds', () => {
  it('names each function of the table once, in order of first appearance', () => {
    // Act
    const ids = functionIds(TABLE);

    // Assess
    expect(ids).toEqual(['catalog', 'admin', 'health']);
  });

  it('names the functions of the real table without duplicates', () => {
    // Act
    const ids = functionIds();

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...new Set(ROUTES.map((r) => r.function))].sort());
  });
});

describe('route table consistency', () => {
  it('has a handler file functions/<id>.ts for every function of ROUTES', () => {
    // Act
    const missing = functionIds().filter((id) => !existsSync(`${repoRoot}functions/${id}.ts`));

    // Assess
    expect(functionIds().length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('gives the local server a module for exactly the functions of ROUTES', () => {
    // Act
    const local = Object.keys(FUNCTION_MODULES).sort();

    // Assess
    expect(local).toEqual([...functionIds()].sort());
  });

  it('declares each method and path once', () => {
    // Act
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);

    // Assess
    expect(new Set(keys).size).toBe(keys.length);
  });
});
