/**
 * The engine's errors: both map to 422 in the API (malformed picks, a catalog too complex to
 * compile within the documented work limits).
 */

/** One problem with the caller's picks (unknown group or choice, duplicate, too many in a group). */
export interface PickFinding {
  pick: string;
  problem: string;
}

/** The picks are malformed (not merely conflicting): the API answers 422 with every finding. */
export class InvalidPicksError extends Error {
  constructor(readonly findings: PickFinding[]) {
    super(`invalid picks: ${findings.map((f) => `${f.pick}: ${f.problem}`).join('; ')}`);
    this.name = 'InvalidPicksError';
  }
}

/** Compiling would exceed the documented work limits: the API answers 422. */
export class CatalogTooComplexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogTooComplexError';
  }
}
