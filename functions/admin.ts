/** Admin routes: publish a catalog version; merge duplicate customer records. */
import { publishCatalog } from '#catalog/publication';
import { CustomerPathSchema, MergeBodySchema, ProductPathSchema } from '#http/contract';
import { createFunctionHandler, requireAdmin } from '#http/handler';
import { parseRequestPart } from '#http/request';
import { ownedCustomer } from '#customers/access';
import { viewCustomer } from '#customers/customer-service';
import { planMerge } from '#customers/merge';
import { catalogRepository, customerRepository } from './runtime.ts';

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
    const [kept, duplicate] = await Promise.all([
      ownedCustomer(request.caller!, customerId, customerRepository),
      ownedCustomer(request.caller!, duplicateId, customerRepository),
    ]);
    const [keptProducts, duplicateProducts] = await Promise.all([
      customerRepository.rememberedProducts(kept.tenantId, kept.customerId),
      customerRepository.rememberedProducts(duplicate.tenantId, duplicate.customerId),
    ]);
    const plan = planMerge(kept, duplicate, keptProducts, duplicateProducts);
    await customerRepository.merge(kept.tenantId, kept.customerId, duplicate.customerId, plan);
    const merged = await ownedCustomer(request.caller!, customerId, customerRepository);
    return { status: 200, body: await viewCustomer(customerRepository, merged) };
  },
});
