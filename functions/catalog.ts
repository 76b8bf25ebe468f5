/**
 * Published catalogs, for every caller: `GET /products`, `GET /products/{productId}`,
 * `POST /products/{productId}/configure` and `.../complete`, answered from the compiled catalog
 * kept in memory.
 */
import { completeForCaller } from '#selling/complete-for-caller';
import { configureForCaller } from '#selling/configure-for-caller';
import { createFunctionHandler } from '#http/handler';
import { recordMetric } from '#http/observability';
import { pageCursors } from './page-cursors.ts';
import { catalogRepository, configureDeps } from './runtime.ts';

export const handler = createFunctionHandler('catalog', {
  'GET /products': async ({ query }) => {
    const startAfter = query.cursor === undefined ? undefined : pageCursors.decode(query.cursor, 'products');
    const page = await catalogRepository.list(query.limit, startAfter);
    return {
      status: 200,
      body: {
        items: page.items.map(({ documentSha256: _digest, ...summary }) => summary),
        ...(page.nextStartAfter ? { nextCursor: pageCursors.encode(page.nextStartAfter, 'products') } : {}),
      },
    };
  },

  'GET /products/{productId}': async ({ path, query }) => {
    const stored = await catalogRepository.get(path.productId, query.version);
    return {
      status: 200,
      // A pinned version never changes; the current one may, any time.
      headers: {
        ETag: `"${stored.documentSha256}"`,
        'Cache-Control': query.version ? 'private, max-age=31536000, immutable' : 'no-cache',
      },
      body: { productId: stored.productId, version: stored.version, publishedAt: stored.publishedAt, document: stored.document },
    };
  },

  'POST /products/{productId}/configure': async ({ path, query, headers, body, caller }) => {
    const answer = await configureForCaller(configureDeps, caller, {
      productId: path.productId,
      ...(query.version ? { version: query.version } : {}),
      picks: body.picks,
      ...(body.keepFirst ? { keepFirst: body.keepFirst } : {}),
      ...(body.customerId ? { customerId: body.customerId } : {}),
      ...(body.budget !== undefined ? { budget: body.budget } : {}),
      ...(body.needs ? { needs: body.needs } : {}),
      customerPresent: headers.customerPresent ?? false,
    });
    if (!answer.valid) recordMetric('ConflictsReported');
    return { status: 200, body: answer };
  },

  'POST /products/{productId}/complete': async ({ path, query, body, caller }) => {
    const answer = await completeForCaller(configureDeps, caller, { ...body, productId: path.productId, version: query.version });
    return { status: 200, body: answer };
  },
});
