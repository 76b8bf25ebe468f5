/**
 * The one translation of the engine's InvalidPicksError (picks that do not name a choice, name
 * one twice, or overfill a group) into the InvalidInputError the API answers with (422, one
 * finding per bad pick, pointing at it in `picks`).
 */
import { InvalidInputError } from '#core/errors';
import { InvalidPicksError } from '#engine/index';

/** Runs `work`; bad picks become an InvalidInputError naming each one and where it sits in `picks`. */
export function withPickFindings<T>(picks: readonly string[], product: { productId: string; version: number }, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof InvalidPicksError)) throw error;
    throw new InvalidInputError(
      `${error.findings.length} pick(s) do not name a choice of ${product.productId} v${product.version} correctly`,
      error.findings.map((finding) => {
        const index = picks.indexOf(finding.pick);
        return { path: index >= 0 ? ['picks', index] : ['picks'], code: 'invalid-pick', message: `${finding.pick}: ${finding.problem}` };
      }),
    );
  }
}
