/**
 * The engine's errors. All are the caller's input or the catalog, never a defect: malformed
 * picks, malformed options (needs, budget, popularity) and a catalog too complex to compile map
 * to 422 in the API; a completion that does not exist (NoConfigurationError) to 409 or 422 as
 * the API decides, with the cheapest total that would be possible without the budget.
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

/** One problem with the options of a request: where (a path into them) and what. */
export interface OptionFinding {
  /** E.g. `["needs", "use"]`, `["budget"]`, `["popularity", "choices", "cpu.i11"]`. */
  path: (string | number)[];
  problem: string;
}

/** The needs, budget or popularity weights are malformed: the API answers 422 with every finding. */
export class InvalidOptionsError extends Error {
  constructor(readonly findings: OptionFinding[]) {
    super(`invalid options: ${findings.map((f) => `${f.path.join('.')}: ${f.problem}`).join('; ')}`);
    this.name = 'InvalidOptionsError';
  }
}

/**
 * `complete` found no valid configuration with the picks, the stated needs and the budget.
 * `cheapestTotal` is the lowest total that would be possible without the budget (so the page
 * can say "from €1,249"), or null when no configuration exists even without it.
 */
export class NoConfigurationError extends Error {
  constructor(
    readonly cheapestTotal: number | null,
    readonly budget: number | null,
  ) {
    super(
      cheapestTotal === null
        ? 'no valid configuration contains these picks with these needs'
        : `no valid configuration fits the budget of ${budget}: the cheapest costs ${cheapestTotal}`,
    );
    this.name = 'NoConfigurationError';
  }
}

/** Why bytes are not a usable compiled catalog: they are then rebuilt from the document, never used. */
export type CompiledFormatProblem = 'magic' | 'format-version' | 'truncated' | 'checksum' | 'document' | 'corrupt';

/** The bytes of a compiled-catalog artifact cannot be used: another format, damaged, or another document's. */
export class CompiledFormatError extends Error {
  constructor(
    readonly problem: CompiledFormatProblem,
    message: string,
  ) {
    super(message);
    this.name = 'CompiledFormatError';
  }
}
