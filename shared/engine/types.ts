/**
 * The engine's public types: what `configure` answers (the JSON of README "The engine's
 * answer"), shared by the HTTP API, the catalog CLI and the web page.
 */
import type { PriceList, Tier } from '#core/catalog-document';

export type { Tier };

/** `forced`: not picked, but every valid completion of the current picks contains it. */
export type ChoiceState = 'selected' | 'forced' | 'available' | 'excluded';

/** One cause of an exclusion or a conflict: a rule and the picks that trigger it. */
export interface Reason {
  /**
   * The rule id (a resource rule's reason carries its figures), or a built-in cause: `tier`,
   * `retired`, `cardinality`, `catalog`, `budget` (with the cheapest total and the budget), or
   * `need:<need id>` (a stated answer's requirement).
   */
  rule: string;
  /** The customer's picks ("group.choice") that, with this rule, exclude the choice. */
  picks: string[];
  message: string;
}

export interface ChoiceAnswer {
  id: string;
  state: ChoiceState;
  /** Price difference for this caller, in minor units. */
  price: number;
  /**
   * The lowest total (this caller's prices, minor units) of a valid complete configuration that
   * contains this choice, judged with the same picks as its state (a full group's choices as
   * swaps), the stated needs' requirements and within the budget; null exactly when excluded.
   */
  fromPrice: number | null;
  /** Present on `excluded`: a minimal explanation (its picks alone exclude it). */
  reasons?: Reason[];
  /** Present on `excluded` when picks are involved: a minimal set of picks whose retraction makes it available. */
  giveUp?: string[];
}

export interface GroupAnswer {
  id: string;
  /** Whether leaving this group empty still extends to a valid configuration. */
  emptyAllowed: boolean;
  choices: ChoiceAnswer[];
}

/** A rule the picks themselves violate (no valid configuration contains all picks). */
export interface Conflict {
  rule: string;
  picks: string[];
  message: string;
}

/** A change the repair makes to the picks, and why. */
export interface RepairChange {
  kind: 'replaced' | 'dropped';
  pick: string;
  /** For `replaced`: the choice it moved to. */
  to?: string;
  reason: string;
}

export interface Repair {
  /** The repaired picks: valid, keeping as many of the original picks as possible. */
  picks: string[];
  changes: RepairChange[];
}

export interface PriceLine {
  /** `base` or "group.choice". */
  ref: string;
  label: string;
  /** Catalog list price in minor units. */
  listAmount: number;
  /** What this caller pays, after price lists. */
  amount: number;
  /** The price list that changed this line, if any. */
  priceList?: string;
}

export interface PriceBreakdown {
  currency: string;
  total: number;
  lines: PriceLine[];
}

export interface PromisedDates {
  /** Working days from `today` to shipping: assembly + the slowest module. */
  leadDays: number;
  /** Working days in transit for the chosen delivery mode. */
  transitDays: number;
  shipBy: string;
  deliverBy: string;
}

export interface BuildSheetLine {
  sku: string;
  qty: number;
}

/** What the caller's tier gets (the tenant's settings), applied after every price list. */
export interface Perks {
  /** Shown with the benefits, e.g. "Gold". */
  label: string;
  /** Choices ("group.choice") this caller gets at no charge; those the catalog lacks are ignored. */
  includedServices: readonly string[];
  /** Working days taken off the lead time (a priority build slot); the lead time never drops below 0. */
  leadDaysLess: number;
}

/** The perks as they apply to this configuration: what the page shows ("Gold: express delivery included"). */
export interface PerksAnswer {
  tier: Tier;
  label: string;
  /** The included choices this catalog offers (not retired), each with whether it is selected now. */
  included: { ref: string; selected: boolean }[];
  /** Working days the priority build slot took off this configuration's lead time (0 when it had none to take). */
  leadDaysLess: number;
  /** The price list that makes the included choices free, as the price lines name it. */
  priceList: string;
}

export interface ConfigureAnswer {
  /** The picks extend to at least one valid configuration. */
  valid: boolean;
  /** The picks, with nothing added, are a valid full configuration. */
  complete: boolean;
  groups: GroupAnswer[];
  conflicts: Conflict[];
  /** Present when `valid` is false: the minimal repair. */
  repair: Repair | null;
  price: PriceBreakdown;
  dates: PromisedDates;
  /** Aggregated by SKU, sorted by SKU; present once `complete`. */
  buildSheet: BuildSheetLine[] | null;
  /** Present when the caller has a tier and perks were given: what they changed here. */
  perks?: PerksAnswer;
}

export interface ConfigureOptions {
  /** The customer's tier; `null` when no customer is known (tier-limited choices are then excluded). */
  tier: Tier | null;
  /** Extra price lists (a partner's), applied after the tier's list from the catalog. */
  priceLists?: PriceList[];
  /** The perks of the caller's tier, applied after every price list (ignored when `tier` is null). */
  perks?: Perks;
  /** ISO date the promise is computed from (injected: the engine reads no clock). */
  today: string;
  /**
   * Picks in the order the caller most wants to keep them, for repair; picks not listed come
   * after, in their given order. E.g. the customer's explicit picks before preference defaults.
   */
  keepFirst?: string[];
  /**
   * The highest total the customer will pay, in minor units at this caller's prices. A choice
   * whose cheapest configuration costs more is excluded (reason `budget`); picks that cannot
   * stay within it together are a conflict, repaired like any other.
   */
  budget?: number;
  /**
   * Stated answers to the catalog's need questions: answer id by need id. Their `require`
   * lists (and the resource rules their answers switch on) hold like rules while stated.
   */
  needs?: Readonly<Record<string, string>>;
}

/** What `complete` optimises. */
export type CompletionGoal = 'cheapest' | 'needs' | 'popular';

/** The request of `complete`: extend the picks to one full configuration. */
export interface CompleteRequest {
  /** The picks every answer must contain ("group.choice"). */
  picks: readonly string[];
  /**
   * `cheapest`: the lowest total; `needs`: the highest sum of the stated answers' `prefer`
   * weights, then the lowest total; `popular`: the highest sum of `popularity` weights, then
   * the lowest total.
   */
  goal: CompletionGoal;
  needs?: Readonly<Record<string, string>>;
  /** The highest total, minor units at this caller's prices. */
  budget?: number;
  /**
   * For `popular`: integer weights per choice ("group.choice") and per group left empty (group
   * id), e.g. scaled log-likelihoods from the recommendation domain; missing ones count 0.
   */
  popularity?: Popularity;
}

/** Integer weights for the goal `popular`. */
export interface Popularity {
  choices?: Readonly<Record<string, number>>;
  /** Weight of leaving an optional group empty, by group id. */
  emptyGroups?: Readonly<Record<string, number>>;
}

/** Why one selected choice is in a completion. */
export interface CompletionReason {
  choice: string;
  reason: string;
}

/** One full valid configuration, optimal for the goal. */
export interface CompleteAnswer {
  /** Every selected choice ("group.choice"), in catalog order. */
  picks: string[];
  price: PriceBreakdown;
  dates: PromisedDates;
  /** One entry per selected choice, in the same order as `picks`. */
  because: CompletionReason[];
}

/** The caller's side of `complete`: who asks, at which prices, on which day. */
export interface CompleteOptions {
  tier: Tier | null;
  priceLists?: PriceList[];
  today: string;
}

/** Bounds on the work one compilation may do; a catalog that needs more is rejected (422). */
export interface CompileLimits {
  /** Maximum number of tuples over all clusters of the compiled form. */
  maxTuples: number;
  /** Maximum milliseconds-free measure of effort: search nodes during compilation. */
  maxSteps: number;
}
