/**
 * Published catalogs, for every caller: `GET /products`, `GET /products/{productId}`, and
 * `POST /products/{productId}/configure`, answered from the compiled catalog kept in memory.
 */
import { configureProduct } from '#catalog/configuration';
import { ConfigureBodySchema, ProductListQuerySchema, ProductPathSchema, VersionQuerySchema } from '#http/contract';
import { createFunctionHandler } from '#http/handler';
import { parseRequestPart } from '#http/request';
import { logger, recordMetric } from '#http/observability';
import { decodeCursor, encodeCursor } from '#http/cursor';
import { ownedCustomer } from '#customers/access';
import { SERVICE_PREFERENCES } from '#customers/profile';
import { HOUSE_TENANT } from '#core/tenant';
import { recommendedChoices } from '#recommend/configure-recommendations';
import {
  catalogRepository,
  compiledCatalogs,
  customerRepository,
  statisticsReader,
  tenantPriceLists,
  tenantSharesStatistics,
} from './runtime.ts';

export const handler = createFunctionHandler('catalog', {
  'GET /products': async (request) => {
    const query = parseRequestPart(ProductListQuerySchema, request.query, 'query');
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
    const caller = request.caller!;
    // Customers configure as themselves; naming anyone else is answered like any foreign object: 404.
    const customerId = body.customerId ?? (caller.kind === 'customer' ? caller.customerId : undefined);
    const customer = customerId ? await ownedCustomer(caller, customerId, customerRepository) : undefined;
    // Preferences fill the service groups the customer has not picked, marked as such.
    const prefilled = SERVICE_PREFERENCES.flatMap((group) => {
      const choice = customer?.preferences[group];
      return choice && !body.picks.some((p) => p.startsWith(`${group}.`))
        ? [{ pick: `${group}.${choice}`, source: 'preference' as const }]
        : [];
    });
    const { compiled } = await compiledCatalogs.get(productId, version);
    const offered = prefilled.filter(({ pick }) => {
      const [group, choice] = pick.split('.');
      return compiled.doc.groups.some((g) => g.id === group && g.choices.some((c) => c.id === choice && !c.retired));
    });
    const tenantId = customer?.tenantId ?? (caller.kind === 'admin' ? undefined : caller.tenantId);
    const picks = [...body.picks, ...offered.map((p) => p.pick)];
    const statisticsTenant = tenantId ?? HOUSE_TENANT;
    const [priceLists, shares] = await Promise.all([tenantPriceLists(tenantId), tenantSharesStatistics(statisticsTenant)]);
    const forCustomer = customer
      ? { customerId: customer.customerId, tier: customer.tier, doNotProfile: customer.doNotProfile }
      : undefined;
    const statistics = await statisticsReader.bundle(statisticsTenant, productId, forCustomer, shares);
    const answer = await configureProduct(compiledCatalogs, {
      productId,
      ...(version ? { version } : {}),
      picks,
      keepFirst: [...(body.keepFirst ?? body.picks)],
      tier: customer?.tier ?? null,
      today: new Date().toISOString().slice(0, 10),
      priceLists,
    });
    if (!answer.valid) recordMetric('ConflictsReported');
    const groups = withRecommendations(
      () => recommendedChoices(statistics, compiled, picks, answer, { doNotProfile: customer?.doNotProfile ?? false }),
      answer.groups,
    );
    return {
      status: 200,
      body: { ...answer, groups, ...(customer ? { customerId: customer.customerId, tier: customer.tier } : {}), prefilled: offered },
    };
  },
});

/** Recommending is a convenience: if it fails, the answer goes out without it (and the log says why). */
function withRecommendations<G>(recommended: () => G[], plain: G[]): G[] {
  try {
    return recommended();
  } catch (error) {
    logger.error('recommendations failed; answering without them', { error: error instanceof Error ? error.message : String(error) });
    return plain;
  }
}
