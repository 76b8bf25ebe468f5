/** Admin routes: `PUT /admin/products/{productId}` publishes a catalog version. */
import * as z from 'zod';
import { publishCatalog } from '#catalog/publication';
import { IdSchema } from '#catalog/schema';
import { createFunctionHandler, requireAdmin } from '#http/handler';
import { parseRequestPart } from '#http/request';
import { catalogRepository } from './runtime.ts';

const ProductPathSchema = z.strictObject({ productId: IdSchema });

export const handler = createFunctionHandler('admin', {
  'PUT /admin/products/{productId}': async (request) => {
    requireAdmin(request.caller);
    const { productId } = parseRequestPart(ProductPathSchema, request.pathParameters, 'path');
    const outcome = await publishCatalog(catalogRepository, productId, request.body, new Date());
    return {
      status: outcome.created ? 201 : 200,
      headers: { Location: `/products/${productId}?version=${outcome.version}` },
      body: outcome,
    };
  },
});
