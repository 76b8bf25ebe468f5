/** Admin routes: publish a catalog version; merge duplicate customer records. */
import { publishCatalog } from '#catalog/publication';
import { CustomerPathSchema, MergeBodySchema, ProductPathSchema } from '#http/contract';
import { createFunctionHandler, requireAdmin } from '#http/handler';
import { parseRequestPart } from '#http/request';
import { viewCustomer } from '#customers/customer-service';
import { mergeCustomers } from '#customers/merge';
import { catalogRepository, customerRepository, statisticsRepository } from './runtime.ts';

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

  'POST /admin/customers/{customerId}/merge': async (request) => {
    requireAdmin(request.caller);
    const { customerId } = parseRequestPart(CustomerPathSchema, request.pathParameters, 'path');
    const { duplicateId } = parseRequestPart(MergeBodySchema, request.body, 'body');
    const merged = await mergeCustomers(
      { customers: customerRepository, statistics: statisticsRepository },
      request.caller!,
      customerId,
      duplicateId,
    );
    return { status: 200, body: await viewCustomer(customerRepository, merged) };
  },
});
