/**
 * Admin routes: publish a catalog version; merge duplicate customer records; a tenant's tier
 * settings and recommendation floor; the tier-changes report.
 */
import { publishCatalog } from '#catalog/publication';
import { viewCustomer } from '#customers/customer-service';
import { mergeCustomers } from '#customers/merge';
import { tierChangesReport } from '#customers/tier-report';
import { putTierSettings, viewTierSettings } from '#customers/tier-settings';
import { createFunctionHandler } from '#http/handler';
import { putRecommendationSettings, viewRecommendationSettings } from '#recommend/customer-floor';
import { pageCursors } from './page-cursors.ts';
import {
  customerRepository,
  partnerRepository,
  publishing,
  serviceChoices,
  statisticsRepository,
  tenantSettings,
  tenantSettingsRepository,
  tierRepository,
} from './runtime.ts';

const settings = { store: tenantSettingsRepository, partners: partnerRepository, written: (id: string) => tenantSettings.forget(id) };
const tierSettings = { ...settings, serviceChoices: () => serviceChoices.offered() };

export const handler = createFunctionHandler('admin', {
  'PUT /admin/products/{productId}': async ({ path, body }) => {
    const outcome = await publishCatalog(publishing.catalogs, path.productId, body, new Date(), publishing.artifacts, publishing.checks);
    return {
      status: outcome.created ? 201 : 200,
      headers: { Location: `/products/${path.productId}?version=${outcome.version}` },
      body: outcome,
    };
  },

  'POST /admin/customers/{customerId}/merge': async ({ path, body, caller }) => {
    const deps = { customers: customerRepository, statistics: statisticsRepository };
    const merged = await mergeCustomers(deps, caller, path.customerId, body.duplicateId);
    return { status: 200, body: await viewCustomer(customerRepository, merged) };
  },

  'GET /admin/tenants/{tenantId}/tiers': async ({ path }) => ({ status: 200, body: await viewTierSettings(tierSettings, path.tenantId) }),
  'PUT /admin/tenants/{tenantId}/tiers': async ({ path, body }) => ({
    status: 200,
    body: await putTierSettings(tierSettings, path.tenantId, body, new Date()),
  }),
  'GET /admin/tenants/{tenantId}/recommendations': async ({ path }) => ({
    status: 200,
    body: await viewRecommendationSettings(settings, path.tenantId),
  }),
  'PUT /admin/tenants/{tenantId}/recommendations': async ({ path, body }) => ({
    status: 200,
    body: await putRecommendationSettings(settings, path.tenantId, body, new Date()),
  }),
  'GET /admin/reports/tier-changes': async ({ query }) => ({
    status: 200,
    body: await tierChangesReport({ report: tierRepository, partners: partnerRepository, cursors: pageCursors }, query.tenantId, query),
  }),
});
