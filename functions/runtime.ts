/**
 * What every function shares, created once per Lambda container (at cold start): the
 * validated environment, one DynamoDB client, the repositories, the caches and the use cases'
 * dependencies. A missing or malformed variable stops the cold start with a message naming it,
 * instead of failing later. Wiring only: no decision is made here.
 */
import type { Tier } from '#core/catalog-document';
import { CompiledCatalogs } from '#catalog/compiled-catalogs';
import { environment } from './environment.ts';
import type { CompiledArtifactStore } from '#catalog/ports';
import type { ConfigureForCallerDeps } from '#selling/configure-for-caller';
import { ServiceChoices } from '#customers/service-choices';
import type { ConfigurationDeps } from '#customers/configurations';
import { logger } from '#http/observability';
import type { PlaceOrderDeps } from '#orders/placement';
import type { ServeRepeatOrderDeps } from '#orders/repeat-order-service';
import { TenantSettings } from '#customers/tenant-settings';
import { TenantTerms } from '#partners/tenant-terms';
import { StatisticsReader } from '#recommend/statistics-reader';
import { parseStats } from '#recommend/stats';
import { ArtifactBucket, createArtifactClient } from '#store/artifact-bucket';
import { ArtifactFiles } from '#store/artifact-files';
import { newOrderId, newQuoteId } from '#core/ids';
import type { QuoteDeps } from '#quotes/quote-service';
import { CompanyRepository } from '#store/company-repository';
import { QuoteRepository } from '#store/quote-repository';
import { CatalogRepository } from '#store/catalog-repository';
import { createDocumentClient } from '#store/client';
import { CustomerRepository } from '#store/customer-repository';
import { OrderRepository } from '#store/order-repository';
import { PartnerRepository } from '#store/partner-repository';
import { SellerRepository } from '#store/seller-repository';
import { sellerOf } from '#documents/seller';
import { HOUSE_TENANT } from '#core/tenant';
import { StatisticsRepository } from '#store/statistics-repository';
import { TenantSettingsRepository } from '#store/tenant-settings-repository';
import { TierRepository } from '#store/tier-repository';

export { environment, readEnvironment } from './environment.ts';

export const documentClient = /* @__PURE__ */ createDocumentClient({
  ...(environment.DYNAMODB_ENDPOINT ? { endpoint: environment.DYNAMODB_ENDPOINT } : {}),
  ...(environment.AWS_REGION ? { region: environment.AWS_REGION } : {}),
});

export const catalogRepository = /* @__PURE__ */ new CatalogRepository(documentClient, environment.TABLE_NAME);
export const partnerRepository = /* @__PURE__ */ new PartnerRepository(documentClient, environment.TABLE_NAME);
export const customerRepository = /* @__PURE__ */ new CustomerRepository(documentClient, environment.TABLE_NAME);
export const orderRepository = /* @__PURE__ */ new OrderRepository(documentClient, environment.TABLE_NAME);
export const statisticsRepository = /* @__PURE__ */ new StatisticsRepository(documentClient, environment.TABLE_NAME, parseStats);
export const tenantSettingsRepository = /* @__PURE__ */ new TenantSettingsRepository(documentClient, environment.TABLE_NAME);
export const tierRepository = /* @__PURE__ */ new TierRepository(documentClient, environment.TABLE_NAME);
export const companyRepository = /* @__PURE__ */ new CompanyRepository(documentClient, environment.TABLE_NAME);
const quoteRepository = /* @__PURE__ */ new QuoteRepository(documentClient, environment.TABLE_NAME, orderRepository);
export const sellerRepository = /* @__PURE__ */ new SellerRepository(documentClient, environment.TABLE_NAME);
export const sellerDeps = { store: sellerRepository, partners: partnerRepository };
/** Publishing warns while the house has no seller data (its catalogs' invoices could not be issued). */
export const publishChecks = { hasSeller: async () => (await sellerOf(sellerRepository, HOUSE_TENANT)) !== undefined };

function artifactStore(env: typeof environment): CompiledArtifactStore | undefined {
  if (env.ARTIFACT_BUCKET)
    return new ArtifactBucket(createArtifactClient(env.AWS_REGION ? { region: env.AWS_REGION } : {}), env.ARTIFACT_BUCKET);
  return env.ARTIFACT_DIR ? new ArtifactFiles(env.ARTIFACT_DIR) : undefined;
}
export const compiledArtifacts = /* @__PURE__ */ artifactStore(environment);
/** What publishing needs: the catalog store and where the compiled artifact goes first. */
export const publishing = { catalogs: catalogRepository, artifacts: compiledArtifacts, checks: publishChecks };

/** Compiled catalogs live as long as the container: a warm click costs no database read; a cold one loads the artifact. */
export const compiledCatalogs = /* @__PURE__ */ new CompiledCatalogs(catalogRepository, {
  artifacts: compiledArtifacts,
  onArtifactProblem: (problem) => logger.warn('compiled catalog artifact not used; compiling the document', { ...problem }),
});
export const serviceChoices = /* @__PURE__ */ new ServiceChoices({
  list: (limit, after) => catalogRepository.list(limit, after),
  get: (id) => compiledCatalogs.get(id),
});
/** A tenant's partner: its price list and whether it pools its statistics, read at most every 30 s. */
export const tenantTerms = /* @__PURE__ */ new TenantTerms(partnerRepository);
/** A tenant's settings: the perks of each tier, the recommendations' floor, read at most every 30 s. */
export const tenantSettings = /* @__PURE__ */ new TenantSettings(tenantSettingsRepository);

/** Order statistics for recommendations, cached next to the compiled catalogs (per tenant and product). */
const statisticsReader = /* @__PURE__ */ new StatisticsReader(statisticsRepository, {
  ttlMs: environment.STATISTICS_TTL_SECONDS * 1000,
  onReadError: (error) =>
    logger.warn('order statistics unavailable; recommending from what is at hand', {
      error: error instanceof Error ? error.message : String(error),
    }),
});

const today = () => new Date().toISOString().slice(0, 10);
const priceLists = (tenantId: string | undefined) => tenantTerms.priceLists(tenantId);
const tierPerks = (tenantId: string, tier: Tier) => tenantSettings.perks(tenantId, tier);
/** How many days apart a tier's contacts may offer drip questions. */
export const questionCadence = async (tenantId: string, tier: Tier) => (await tenantSettings.perks(tenantId, tier)).questionEveryDays;

export const configureDeps: ConfigureForCallerDeps = {
  catalogs: compiledCatalogs,
  customers: customerRepository,
  priceLists,
  tierPerks,
  questionCadence,
  minCustomers: (tenantId) => tenantSettings.minCustomers(tenantId),
  sharesStatistics: (tenantId) => tenantTerms.sharesStatistics(tenantId),
  statistics: statisticsReader,
  today,
  onRecommendationError: (error) =>
    logger.error('recommendations failed; answering without them', { error: error instanceof Error ? error.message : String(error) }),
};

export const placeOrderDeps: PlaceOrderDeps = {
  orders: orderRepository,
  repeatOrders: customerRepository,
  catalogs: compiledCatalogs,
  now: () => new Date(),
  newOrderId,
  priceLists,
  tierPerks,
};

export const repeatOrderDeps: ServeRepeatOrderDeps = {
  store: customerRepository,
  catalogs: compiledCatalogs,
  priceLists,
  tierPerks,
  now: () => new Date(),
};

export const configurationDeps: ConfigurationDeps = { store: customerRepository, catalogs: compiledCatalogs, now: () => new Date() };

/** Quotes and companies (business buying); the clock is injectable for expiry. */
export const quoteDeps: QuoteDeps & { newOrderId: () => string } = {
  quotes: quoteRepository,
  companies: companyRepository,
  customers: customerRepository,
  catalogs: compiledCatalogs,
  priceLists,
  tierPerks,
  now: () => new Date(),
  newQuoteId,
  newOrderId,
};
