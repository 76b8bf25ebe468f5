/**
 * What every function shares, created once per Lambda container (at cold start): the
 * validated environment, one DynamoDB client, the repositories. A missing or malformed
 * variable stops the cold start with a message naming it, instead of failing later.
 */
import * as z from 'zod';
import { CompiledCatalogs } from '#catalog/compiled-catalogs';
import { SERVICE_PREFERENCES } from '#customers/profile';
import type { PriceList } from '#core/catalog-document';
import { tenantSharesOrderStatistics, type Partner } from '#partners/partner';
import { HOUSE_TENANT } from '#core/tenant';
import { CatalogRepository } from '#store/catalog-repository';
import { CustomerRepository } from '#store/customer-repository';
import { OrderRepository } from '#store/order-repository';
import { createDocumentClient } from '#store/client';
import { PartnerRepository } from '#store/partner-repository';
import { StatisticsRepository } from '#store/statistics-repository';
import { StatisticsReader } from '#recommend/statistics-reader';
import { parseStats } from '#recommend/stats';
import { logger } from '#http/observability';

const EnvironmentSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).optional(),
  /** How long a tenant's order statistics are trusted before configure reads them again. */
  STATISTICS_TTL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(10),
});

/** Parses `process.env` with a schema; throws one error listing every bad variable. */
export function readEnvironment<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid environment: ${problems}`);
}

export const environment = readEnvironment(EnvironmentSchema);

export const documentClient = createDocumentClient({
  ...(environment.DYNAMODB_ENDPOINT ? { endpoint: environment.DYNAMODB_ENDPOINT } : {}),
  ...(environment.AWS_REGION ? { region: environment.AWS_REGION } : {}),
});

export const catalogRepository = new CatalogRepository(documentClient, environment.TABLE_NAME);
export const partnerRepository = new PartnerRepository(documentClient, environment.TABLE_NAME);
export const customerRepository = new CustomerRepository(documentClient, environment.TABLE_NAME);
export const orderRepository = new OrderRepository(documentClient, environment.TABLE_NAME);

export const statisticsRepository = new StatisticsRepository(documentClient, environment.TABLE_NAME, parseStats);

/** Order statistics for recommendations, cached next to the compiled catalogs (per tenant and product). */
export const statisticsReader = new StatisticsReader(statisticsRepository, {
  ttlMs: environment.STATISTICS_TTL_SECONDS * 1000,
  onReadError: (error) =>
    logger.warn('order statistics unavailable; recommending from what is at hand', {
      error: error instanceof Error ? error.message : String(error),
    }),
});

/** Compiled catalogs live as long as the container: a warm click costs no database read. */
export const compiledCatalogs = new CompiledCatalogs(catalogRepository);

let serviceChoiceCache: { until: number; choices: Map<string, Set<string>> } | undefined;

/**
 * The choices of every service group (packaging, invoice, delivery) across the published
 * catalogs, to validate preferences; refreshed at most every 30 s.
 */
export async function serviceChoices(): Promise<Map<string, Set<string>>> {
  if (serviceChoiceCache && serviceChoiceCache.until > Date.now()) return serviceChoiceCache.choices;
  const choices = new Map<string, Set<string>>();
  let startAfter: string | undefined;
  do {
    const page = await catalogRepository.list(100, startAfter);
    for (const product of page.items) {
      const { compiled } = await compiledCatalogs.get(product.productId);
      for (const group of compiled.doc.groups) {
        if (!(SERVICE_PREFERENCES as readonly string[]).includes(group.id)) continue;
        const set = choices.get(group.id) ?? new Set<string>();
        for (const choice of group.choices) if (!choice.retired) set.add(choice.id);
        choices.set(group.id, set);
      }
    }
    startAfter = page.nextStartAfter;
  } while (startAfter);
  serviceChoiceCache = { until: Date.now() + 30_000, choices };
  return choices;
}

const partnerCache = new Map<string, { until: number; partner: Partner | undefined }>();

/** The partner behind a tenant, cached for 30 s (a changed price list or setting applies within that). */
async function tenantPartner(tenantId: string): Promise<Partner | undefined> {
  const cached = partnerCache.get(tenantId);
  if (cached && cached.until > Date.now()) return cached.partner;
  const partner = await partnerRepository.find(tenantId);
  partnerCache.set(tenantId, { until: Date.now() + 30_000, partner });
  return partner;
}

/**
 * The price lists of a tenant on top of the catalog's: a partner's own list for the partner
 * and its customers; none for the house.
 */
export async function tenantPriceLists(tenantId: string | undefined): Promise<PriceList[]> {
  if (!tenantId || tenantId === HOUSE_TENANT) return [];
  const partner = await tenantPartner(tenantId);
  return partner?.priceList ? [{ id: `partner-${tenantId}`, name: partner.name, entries: partner.priceList.entries }] : [];
}

/** Whether a tenant pools its order statistics (see `tenantSharesOrderStatistics`), with the partner read cached. */
export function tenantSharesStatistics(tenantId: string): Promise<boolean> {
  return tenantSharesOrderStatistics(tenantId, tenantPartner);
}
