/**
 * Resource rules as chains of partial sums, exact and narrow.
 *
 * A resource rule says Σ attribute ≤ Σ capacity over the selected choices (or ≤ a constant).
 * Moving the capacity to the left gives one linear constraint Σ_g d_g(v_g) ≤ C, where d_g(v) is
 * the net demand (attribute minus capacity) of value v of group g. Writing it as ONE constraint
 * would make every contributing group one clique of the decomposition (width = their number).
 * Instead the rule becomes a chain of auxiliary variables s_i = s_(i-1) + d_(g_i)(v), one link
 * (s_(i-1), g_i, s_i) per contributing group: each link has three variables, so the chain adds
 * width 2 wherever it runs. The domain of s_i is every partial sum that is reachable AND can
 * still end at most C (s_i + the smallest possible rest ≤ C), which is exact: a full assignment
 * satisfies the links iff its total is at most C. Groups that provide capacity go first, so the
 * partial sums start low and the pruning bites early.
 *
 * A rule with `when` starts its chain at the need's variable: every s_i gets one more value,
 * OFF, taken throughout when the need's answer is not one of `when.answers`.
 *
 * Figures are summed as the decimals they are written as: each is read from its shortest
 * round-trip decimal form and scaled by a common power of ten into an integer, so 0.1 + 0.2 is
 * exactly 0.3. A rule whose scaled figures could leave the range of exact integers in a double
 * is refused (CatalogTooComplexError).
 */
import type { CatalogDocument, Choice, ResourceRule } from '#core/catalog-document';
import { CatalogTooComplexError } from './errors.ts';

/** A finite number as an exact decimal: mantissa × 10^-scale. */
interface Decimal {
  mantissa: bigint;
  scale: number;
}

/** The exact decimal a number is written as (its shortest round-trip form). */
export function decimalOf(x: number): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`not a finite number: ${x}`);
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let mantissa = BigInt(`${sign}${whole}${fraction}`);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    mantissa *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { mantissa, scale };
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A numeric attribute of a choice; anything else (absent, text, a flag) counts 0. */
export function attributeOf(choice: Choice, name: string): number {
  const value = choice.attributes?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The figures of one resource rule as exact integers at a common scale. */
export interface ScaledResource {
  /** Power of ten the figures were multiplied by. */
  readonly scale: number;
  /** Per group, per choice: the scaled attribute and capacity. */
  readonly demand: Float64Array[];
  readonly supply: Float64Array[];
  /** The scaled constant capacity (0 when the capacity is an attribute). */
  readonly limit: number;
}

/**
 * Scales a rule's figures to integers. Throws CatalogTooComplexError when a figure or a sum of
 * the largest figures would not be an exact integer in a double.
 */
export function scaleResource(doc: CatalogDocument, rule: ResourceRule): ScaledResource {
  const capacityAttribute = typeof rule.capacity === 'string' ? rule.capacity : null;
  const raw = doc.groups.map((g) =>
    g.choices.map((c) => ({
      demand: decimalOf(attributeOf(c, rule.attribute)),
      supply: decimalOf(capacityAttribute === null ? 0 : attributeOf(c, capacityAttribute)),
    })),
  );
  const limit = decimalOf(typeof rule.capacity === 'number' ? rule.capacity : 0);
  let scale = limit.scale;
  for (const g of raw) for (const c of g) scale = Math.max(scale, c.demand.scale, c.supply.scale);
  const up = (d: Decimal): bigint => d.mantissa * 10n ** BigInt(scale - d.scale);
  const tooBig = (): never => {
    throw new CatalogTooComplexError(
      `resource rule ${rule.id}: its figures are too large or too precise to be summed exactly (at most ${Number.MAX_SAFE_INTEGER} after scaling by 10^${scale})`,
    );
  };
  // Every partial sum stays below Σ (largest |figure| per choice) + |limit|: check that bound.
  let bound = up(limit) < 0n ? -up(limit) : up(limit);
  const demand: Float64Array[] = [];
  const supply: Float64Array[] = [];
  for (const g of raw) {
    const d = new Float64Array(g.length);
    const s = new Float64Array(g.length);
    g.forEach((c, i) => {
      const a = up(c.demand);
      const b = up(c.supply);
      bound += (a < 0n ? -a : a) + (b < 0n ? -b : b);
      if (bound > SAFE) tooBig();
      d[i] = Number(a);
      s[i] = Number(b);
    });
    demand.push(d);
    supply.push(s);
  }
  return { scale, demand, supply, limit: Number(up(limit)) };
}

/** A scaled figure back as the decimal it stands for, e.g. 1234 at scale 1 is "123.4". */
export function formatScaled(value: number, scale: number): string {
  if (scale === 0) return String(value);
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The reachable partial sums of a chain, pruned against the limit. */
export interface ChainPlan {
  /** Contributing groups in chain order. */
  readonly groups: number[];
  /** Per group in chain order: net demand (scaled) of each of its values. */
  readonly netDemand: Float64Array[];
  /** Per link i: the sums s_i can take, ascending. */
  readonly sums: Float64Array[];
}

/**
 * The chain of one rule: which groups contribute, in which order, and the domain of each
 * partial sum. `valueDemand(g)` gives the net demand of every value of group g (null when the
 * group never contributes); `allowedValue(g)` the values that can occur at all (not retired).
 * Work is counted against the compile budget through `count`.
 */
export function planChain(
  groupCount: number,
  valueDemand: (g: number) => Float64Array | null,
  allowedValue: (g: number) => Uint8Array,
  providesCapacity: (g: number) => boolean,
  limit: number,
  count: (steps: number, values: number) => void,
): ChainPlan {
  const contributing: number[] = [];
  for (let g = 0; g < groupCount; g++) if (valueDemand(g)) contributing.push(g);
  const groups = [...contributing.filter(providesCapacity), ...contributing.filter((g) => !providesCapacity(g))];
  const netDemand = groups.map((g) => valueDemand(g)!);
  const distinct = groups.map((g, i) => {
    const ok = allowedValue(g);
    const set = new Set<number>();
    netDemand[i]!.forEach((d, v) => {
      if (ok[v]) set.add(d);
    });
    return [...set].sort((a, b) => a - b);
  });
  // restMin[i]: the smallest sum links i+1.. can still add.
  const restMin = new Float64Array(groups.length + 1);
  for (let i = groups.length - 1; i >= 0; i--) restMin[i] = restMin[i + 1]! + (distinct[i + 1]?.[0] ?? 0);
  const sums: Float64Array[] = [];
  let previous = [0];
  for (let i = 0; i < groups.length; i++) {
    const next = new Set<number>();
    const ds = distinct[i]!;
    for (const x of previous) {
      for (const d of ds) {
        const y = x + d;
        if (y + restMin[i]! <= limit) next.add(y);
      }
    }
    count(previous.length * ds.length, next.size);
    const sorted = Float64Array.from(next).sort();
    sums.push(sorted);
    previous = [...sorted];
  }
  return { groups, netDemand, sums };
}

/** The smallest total a resource rule can reach, by its own meaning (cardinalities and retirement only). */
export interface ResourceFloor {
  /** Even the smallest total exceeds the capacity: no configuration can satisfy the rule. */
  readonly exceeded: boolean;
  /** Demand and capacity of that smallest selection, as the decimals they stand for. */
  readonly demand: string;
  readonly capacity: string;
}

/**
 * The selection with the smallest net demand of a resource rule, group by group (the sum is
 * separable): a group's `min` choices with the smallest net demand, then more while they lower
 * it. Null when a group cannot meet its `min` with current choices (a cardinality problem).
 */
export function resourceFloor(doc: CatalogDocument, rule: ResourceRule): ResourceFloor | null {
  const figures = scaleResource(doc, rule);
  let net = 0;
  let demand = 0;
  let supply = 0;
  for (let g = 0; g < doc.groups.length; g++) {
    const group = doc.groups[g]!;
    const items = group.choices
      .map((c, i) => ({ retired: c.retired === true, a: figures.demand[g]![i]!, b: figures.supply[g]![i]! }))
      .filter((x) => !x.retired)
      .sort((x, y) => x.a - x.b - (y.a - y.b));
    if (items.length < group.min) return null;
    for (let k = 0; k < Math.min(group.max, items.length); k++) {
      const { a, b } = items[k]!;
      if (k >= group.min && a - b >= 0) break;
      net += a - b;
      demand += a;
      supply += b;
    }
  }
  return {
    exceeded: net > figures.limit,
    demand: formatScaled(demand, figures.scale),
    capacity: formatScaled(supply + figures.limit, figures.scale),
  };
}
