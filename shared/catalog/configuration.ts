/**
 * The `configure` use case: the engine's answer for a caller's picks on a published catalog,
 * with the caller's prices. Free of AWS and HTTP types.
 */
import { configure, InvalidPicksError, type ConfigureAnswer, type Tier } from '#engine/index';
import type { PriceList } from '#core/catalog-document';
import { InvalidInputError } from '#core/errors';
import type { CompiledCatalogs } from './compiled-catalogs.ts';

export interface ConfigureRequest {
  productId: string;
  /** Pin a version; the current one otherwise. */
  version?: number;
  picks: string[];
  /** Picks in the order the caller most wants to keep them when a repair is needed. */
  keepFirst?: string[];
  /** The tier of the customer configuring; null when unknown. */
  tier: Tier | null;
  /** ISO date the dates are promised from. */
  today: string;
  /** The caller's tenant's own price lists (a partner's), applied after the tier's. */
  priceLists?: PriceList[];
}

export interface ConfigureResponse extends ConfigureAnswer {
  productId: string;
  version: number;
}

export async function configureProduct(catalogs: CompiledCatalogs, request: ConfigureRequest): Promise<ConfigureResponse> {
  const { productId, version, compiled } = await catalogs.get(request.productId, request.version);
  try {
    const answer = configure(compiled, request.picks, {
      tier: request.tier,
      today: request.today,
      ...(request.priceLists?.length ? { priceLists: request.priceLists } : {}),
      ...(request.keepFirst ? { keepFirst: request.keepFirst } : {}),
    });
    return { productId, version, ...answer };
  } catch (error) {
    if (error instanceof InvalidPicksError) {
      throw new InvalidInputError(
        `${error.findings.length} pick(s) do not name a choice of ${productId} v${version} correctly`,
        error.findings.map((finding) => {
          const index = request.picks.indexOf(finding.pick);
          return { path: index >= 0 ? ['picks', index] : ['picks'], code: 'invalid-pick', message: `${finding.pick}: ${finding.problem}` };
        }),
      );
    }
    throw error;
  }
}
