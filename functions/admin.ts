/** Admin routes: publish a catalog version; merge duplicate customer records. */
import { publishCatalog } from '#catalog/publication';
import { viewCustomer } from '#customers/customer-service';
import { mergeCustomers } from '#customers/merge';
import { createFunctionHandler } from '#http/handler';
import { catalogRepository, customerRepository, statisticsRepository } from './runtime.ts';

export const handler = createFunctionHandler('admin', {
  'PUT /admin/products/{productId}': async ({ path, body }) => {
    const outcome = await publishCatalog(catalogRepository, path.productId, body, new Date());
    return {
      status: outcome.created ? 201 : 200,
      headers: { Location: `/products/${path.productId}?version=${outcome.version}` },
      body: outcome,
    };
  },

  'POST /admin/customers/{customerId}/merge': async ({ path, body, caller }) => {
    const merged = await mergeCustomers(
      { customers: customerRepository, statistics: statisticsRepository },
      caller,
      path.customerId,
      body.duplicateId,
    );
    return { status: 200, body: await viewCustomer(customerRepository, merged) };
  },
});
