/**
 * Documents: a tenant's seller data (admin) and the documents of orders. Its own function, so
 * the document renderers (PDF and e-invoice libraries) weigh on no other function's cold start.
 */
import { putSeller, viewSeller } from '#documents/seller';
import { createFunctionHandler } from '#http/handler';
import { sellerDeps } from './runtime.ts';

export const handler = createFunctionHandler('documents', {
  'GET /admin/tenants/{tenantId}/seller': async ({ path }) => ({ status: 200, body: await viewSeller(sellerDeps, path.tenantId) }),
  'PUT /admin/tenants/{tenantId}/seller': async ({ path, body }) => ({
    status: 200,
    body: await putSeller(sellerDeps, path.tenantId, body, new Date()),
  }),
});
