/**
 * Published catalogs, for every caller: `GET /products`, `GET /products/{productId}`, and
 * `POST /products/{productId}/configure`, answered from the compiled catalog kept in memory.
 */
import * as z from 'zod';
import { CompiledCatalogs } from '#catalog/compiled-catalogs';
import { configureProduct } from '#catalog/configuration';
import { ChoiceRefSchema, IdSchema } from '#catalog/schema';
import { createFunctionHandler } from '#http/handler';
import { parseRequestPart } from '#http/request';
import { decodeCursor, encodeCursor } from '#http/cursor';
import { catalogRepository } from './runtime.ts';

const ListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});
const ProductPathSchema = z.strictObject({ productId: IdSchema });
const ConfigureBodySchema = z.strictObject({
  picks: z.array(ChoiceRefSchema).max(2_000),
  keepFirst: z.array(ChoiceRefSchema).max(2_000).optional(),
});
const VersionQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).max(1_000_000_000).optional() });

/** Lives as long as the container: a warm click costs no database read. */
const compiledCatalogs = new CompiledCatalogs(catalogRepository);

export const handler = createFunctionHandler('catalog', {
  'GET /products': async (request) => {
    const query = parseRequestPart(ListQuerySchema, request.query, 'query');
    const startAfter = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 'products');
    const page = await catalogRepository.list(query.limit, startAfter);
    return {
      status: 200,
      body: {
        items: page.items.map(({ documentSha256: _digest, ...summary }) => summary),
        ...(page.nextStartAfter ? { nextCursor: encodeCursor(page.nextStartAfter, 'products') } : {}),
      },
    };
  },

  'GET /products/{productId}': async (request) => {
    const { productId } = parseRequestPart(ProductPathSchema, request.pathParameters, 'path');
    const { version } = parseRequestPart(VersionQuerySchema, request.query, 'query');
    const stored = await catalogRepository.get(productId, version);
    return {
      status: 200,
      // A pinned version never changes; the current one may, any time.
      headers: { ETag: `"${stored.documentSha256}"`, 'Cache-Control': version ? 'private, max-age=31536000, immutable' : 'no-cache' },
      body: { productId: stored.productId, version: stored.version, publishedAt: stored.publishedAt, document: stored.document },
    };
  },

  'POST /products/{productId}/configure': async (request) => {
    const { productId } = parseRequestPart(ProductPathSchema, request.pathParameters, 'path');
    const { version } = parseRequestPart(VersionQuerySchema, request.query, 'query');
    const body = parseRequestPart(ConfigureBodySchema, request.body, 'body');
    const answer = await configureProduct(compiledCatalogs, {
      productId,
      ...(version ? { version } : {}),
      picks: body.picks,
      ...(body.keepFirst ? { keepFirst: body.keepFirst } : {}),
      // Tiers come from customer profiles; until a customer is named, the caller has none.
      tier: null,
      today: new Date().toISOString().slice(0, 10),
    });
    return { status: 200, body: answer };
  },
});
