/**
 * Order statistics of one product (for everyone, a segment or one customer): what the
 * recommendation model learns from, kept small, JSON-serialisable and updated one order at a
 * time. Pure: no I/O, no clock.
 *
 * What is kept:
 * - `rows`: the distinct sold configurations (one value per group) with how often each was
 *   ordered and when last (order number), at most `maxRows` of them; beyond that the least
 *   ordered, then the oldest, is forgotten. This is what the nearest-neighbour vote reads.
 * - `totals`: exact counts of every value of every group over ALL orders (never forgotten), the
 *   most-frequent-value prior.
 *
 * - `who`: the distinct customers behind the statistics, and behind every value of every group,
 *   as 32-bit hashes, each list kept only until it holds {@link CUSTOMER_CAP} (then it just says
 *   "at least that many"). This is what the k-customer floor of recommendations reads: exact
 *   for "at least k customers" with any k ≤ the cap, never more (two customers whose hashes
 *   collide count as one, so a count can only fall short, never overstate). Only aggregates
 *   (everyone's, a segment's) keep it; orders learned without a customer are not counted.
 *
 * A group's value is its selection: "" (nothing chosen), a choice id, or for a multi-choice
 * group the sorted choice ids joined by "+". Groups are keyed by id, not by catalog version, so
 * statistics survive a new catalog version; a choice that no longer exists is simply never
 * available, hence never recommended.
 */
import { createHash } from 'node:crypto';
import { parseChoiceRef } from '#core/choice-ref';

/** The serialisable statistics. Treat as opaque outside this folder. */
export interface RecommendStats {
  v: 1;
  /** Orders learned. */
  orders: number;
  /** Maximum number of distinct configurations kept. */
  maxRows: number;
  /** Group ids, one column each, in first-seen order. */
  groups: string[];
  /** Per column: the value keys seen; index 0 is always "" (nothing chosen). */
  values: string[][];
  /** Per column, per value index: orders with that value (exact, over all orders). */
  totals: number[][];
  /** Distinct configurations: [count, last order number, value index of column 0, 1, ...]; missing trailing columns are 0. */
  rows: number[][];
  /** Distinct customers (hashes; `[-1]`: at least {@link CUSTOMER_CAP}) of all orders, and per column, per value index. */
  who?: { all: number[]; values: number[][][] };
}

export const DEFAULT_MAX_ROWS = 10_000;

/** Distinct customers counted per list at most: the largest k-customer floor a tenant may set. */
export const CUSTOMER_CAP = 20;
/** A customer list that reached the cap is replaced by this one number (it holds "at least the cap"). */
const SATURATED = -1;

/** A customer's 32-bit hash as the statistics keep it (of the tenant and the customer id, so tenants never share one). */
export function customerHash(tenantId: string, customerId: string): number {
  return Number.parseInt(createHash('sha256').update(`${tenantId}\u0000${customerId}`).digest('hex').slice(0, 8), 16);
}

function countOf(list: readonly number[] | undefined): number {
  if (!list) return 0;
  return list[0] === SATURATED ? CUSTOMER_CAP : list.length;
}

/** Adds customers to a list in place, up to the cap (then the list becomes `[-1]`). */
function addCustomers(list: number[], customers: readonly number[]): void {
  if (list[0] === SATURATED) return;
  for (const h of customers) {
    if (h === SATURATED) {
      list.splice(0, list.length, SATURATED);
      return;
    }
    if (list.includes(h)) continue;
    list.push(h);
    if (list.length >= CUSTOMER_CAP) {
      list.splice(0, list.length, SATURATED);
      return;
    }
  }
}

/** Distinct customers behind all the orders learned, up to {@link CUSTOMER_CAP}. */
export function customersBehind(stats: RecommendStats): number {
  return countOf(stats.who?.all);
}

/**
 * Distinct customers behind a candidate of a group's vote, up to {@link CUSTOMER_CAP}; 0 for a
 * group or candidate never seen. The candidate is read as the vote reads it (model.ts,
 * `RevealSession.scores`): "" (nothing) or a value learned as a single choice is that value; a
 * choice of a multi-choice group otherwise stands for every value holding it (then the union of
 * their customers, each counted once).
 */
export function customersWith(stats: RecommendStats, group: string, candidate: string): number {
  if (!stats.who) return 0;
  const index = indexOf(stats);
  const c = index.column.get(group);
  if (c === undefined) return 0;
  const lists = stats.who.values[c] ?? [];
  const exact = index.value[c]!.get(candidate);
  if (exact !== undefined && (candidate === '' || !candidate.includes('+'))) return countOf(lists[exact]);
  const union: number[] = [];
  stats.values[c]!.forEach((key, v) => {
    if (key !== '' && key.split('+').includes(candidate)) addCustomers(union, lists[v] ?? []);
  });
  return countOf(union);
}

/** Empty statistics; `maxRows` bounds their size (about 3 bytes per group per row as JSON). */
export function emptyStats(options: { maxRows?: number } = {}): RecommendStats {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, not ${maxRows}`);
  return { v: 1, orders: 0, maxRows, groups: [], values: [], totals: [], rows: [] };
}

/** Value key of a group's selection. */
export function valueKey(choices: readonly string[]): string {
  return [...choices].sort().join('+');
}

/** The picks ("group.choice") of one order, grouped: group id -> value key. */
export function selectionOf(picks: readonly string[]): Map<string, string> {
  const byGroup = new Map<string, string[]>();
  for (const ref of picks) {
    const parsed = parseChoiceRef(ref);
    if (!parsed) throw new RangeError(`"${ref}" is not a "group.choice" pick`);
    const { group, choice } = parsed;
    const list = byGroup.get(group) ?? [];
    if (!list.includes(choice)) list.push(choice);
    byGroup.set(group, list);
  }
  return new Map([...byGroup].map(([g, cs]) => [g, valueKey(cs)]));
}

// Lookup indexes, rebuilt from the JSON when absent (never serialised).
interface Index {
  column: Map<string, number>;
  value: Map<string, number>[];
  row: Map<string, number>;
}
const indexes = new WeakMap<RecommendStats, Index>();
/** Bumped by every update, so decoded views (see model.ts) know when they are stale. */
const revisions = new WeakMap<RecommendStats, number>();

export function revisionOf(stats: RecommendStats): number {
  return revisions.get(stats) ?? 0;
}

function rowKey(row: readonly number[], columns: number): string {
  let key = '';
  for (let c = 0; c < columns; c++) key += `${row[c + 2] ?? 0},`;
  return key;
}

function indexOf(stats: RecommendStats): Index {
  let index = indexes.get(stats);
  if (!index) {
    index = {
      column: new Map(stats.groups.map((g, i) => [g, i])),
      value: stats.values.map((vs) => new Map(vs.map((v, i) => [v, i]))),
      row: new Map(),
    };
    for (const [i, row] of stats.rows.entries()) index.row.set(rowKey(row, stats.groups.length), i);
    indexes.set(stats, index);
  }
  return index;
}

/**
 * Learns one order (its picks, and its customer's {@link customerHash} for an aggregate): updates
 * `stats` IN PLACE and returns it, in O(groups) plus, when a new configuration meets a full
 * table, one O(rows) scan to forget the weakest row. Learning the orders one by one gives
 * exactly what `trainStats` gives for the same orders.
 */
export function addOrder(stats: RecommendStats, picks: readonly string[], customer?: number): RecommendStats {
  if (customer !== undefined && !stats.who) stats.who = { all: [], values: stats.values.map(() => []) };
  const selection = selectionOf(picks);
  const index = indexOf(stats);
  let grown = false;
  for (const group of selection.keys()) {
    if (!index.column.has(group)) {
      grown = true;
      columnOf(stats, index, group);
    }
  }
  const columns = stats.groups.length;
  if (grown) {
    // Row keys name every column: re-key the kept rows (a new column is 0 in all of them).
    index.row.clear();
    for (const [i, r] of stats.rows.entries()) index.row.set(rowKey(r, columns), i);
  }
  const row: number[] = [1, stats.orders + 1];
  for (let c = 0; c < columns; c++) {
    const vi = valueIndexOf(stats, index, c, selection.get(stats.groups[c]!) ?? '');
    stats.totals[c]![vi]! += 1;
    row.push(vi);
    if (customer !== undefined) addCustomers(whoList(stats, c, vi), [customer]);
  }
  if (customer !== undefined) addCustomers(stats.who!.all, [customer]);
  stats.orders += 1;
  const key = rowKey(row, columns);
  const existing = index.row.get(key);
  if (existing !== undefined) {
    const old = stats.rows[existing]!;
    old[0]! += 1;
    old[1] = stats.orders;
  } else {
    keepRow(stats, index, row, key);
  }
  revisions.set(stats, revisionOf(stats) + 1);
  return stats;
}

/** The column of a group, added (with "nothing" for every earlier order) if new. */
function columnOf(stats: RecommendStats, index: Index, group: string): number {
  let c = index.column.get(group);
  if (c === undefined) {
    c = stats.groups.length;
    index.column.set(group, c);
    stats.groups.push(group);
    stats.values.push(['']);
    stats.totals.push([stats.orders]); // earlier orders had nothing in this group
    index.value.push(new Map([['', 0]]));
    // ... and so had every customer counted so far.
    if (stats.who) stats.who.values.push([[...stats.who.all]]);
  }
  return c;
}

/** The customer list of a column's value, created empty if missing. */
function whoList(stats: RecommendStats, c: number, v: number): number[] {
  const column = (stats.who!.values[c] ??= []);
  return (column[v] ??= []);
}

/** The index of a value key in column c, added (with a zero total) if new. */
function valueIndexOf(stats: RecommendStats, index: Index, c: number, key: string): number {
  let v = index.value[c]!.get(key);
  if (v === undefined) {
    v = stats.values[c]!.length;
    stats.values[c]!.push(key);
    stats.totals[c]!.push(0);
    index.value[c]!.set(key, v);
  }
  return v;
}

/** Adds a new distinct configuration, first forgetting the weakest one if the table is full. */
function keepRow(stats: RecommendStats, index: Index, row: number[], key: string): void {
  const columns = stats.groups.length;
  if (stats.rows.length >= stats.maxRows) {
    // Forget the least ordered configuration, the oldest among equals.
    let weakest = 0;
    for (let i = 1; i < stats.rows.length; i++) {
      const a = stats.rows[i]!;
      const b = stats.rows[weakest]!;
      if (a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!)) weakest = i;
    }
    const last = stats.rows.length - 1;
    index.row.delete(rowKey(stats.rows[weakest]!, columns));
    if (weakest !== last) {
      stats.rows[weakest] = stats.rows[last]!;
      index.row.set(rowKey(stats.rows[weakest]!, columns), weakest);
    }
    stats.rows.pop();
  }
  index.row.set(key, stats.rows.length);
  stats.rows.push(row);
}

/**
 * The statistics of two order histories taken together, as if `later`'s orders had been learned
 * after `earlier`'s (pure: returns new statistics, with `earlier`'s row bound). When every
 * distinct configuration of both fits in that bound, it equals training on both histories in
 * turn (up to trailing 0 cells, which mean the same); beyond it, which rows are forgotten may
 * differ, the totals never do. Used when two records of one customer are merged.
 */
export function mergeStats(earlier: RecommendStats, later: RecommendStats): RecommendStats {
  const stats: RecommendStats = structuredClone(earlier);
  const index = indexOf(stats);
  const column = later.groups.map((group) => columnOf(stats, index, group));
  const columns = stats.groups.length;
  // A new column is 0 in every kept row: re-key them.
  index.row.clear();
  for (const [i, r] of stats.rows.entries()) index.row.set(rowKey(r, columns), i);
  // Translate `later`'s value indexes once, column by column, so each of its rows maps in O(columns).
  const laterValueIndex = later.values.map((values, lc) =>
    values.map((key, vi) => {
      const v = valueIndexOf(stats, index, column[lc]!, key);
      stats.totals[column[lc]!]![v]! += later.totals[lc]![vi]!;
      return v;
    }),
  );
  // Groups `later` never saw: its orders had nothing there.
  const seen = new Set(column);
  for (let c = 0; c < columns; c++) if (!seen.has(c)) stats.totals[c]![0]! += later.orders;
  if (later.who) {
    // Columns new to `earlier` were given its customers as "nothing" by columnOf; `later`'s join.
    stats.who ??= { all: [], values: stats.values.map(() => []) };
    addCustomers(stats.who.all, later.who.all);
    for (const [lc, values] of later.who.values.entries())
      for (const [vi, customers] of values.entries())
        if (customers) addCustomers(whoList(stats, column[lc]!, laterValueIndex[lc]![vi]!), customers);
    for (let c = 0; c < columns; c++) if (!seen.has(c)) addCustomers(whoList(stats, c, 0), later.who.all);
  }
  for (const source of later.rows) {
    const row: number[] = [source[0]!, earlier.orders + source[1]!];
    for (let c = 0; c < columns; c++) row.push(0);
    for (let lc = 0; lc < later.groups.length; lc++) row[column[lc]! + 2] = laterValueIndex[lc]![source[lc + 2] ?? 0]!;
    const key = rowKey(row, columns);
    const existing = index.row.get(key);
    if (existing !== undefined) {
      const kept = stats.rows[existing]!;
      kept[0]! += row[0]!;
      kept[1] = Math.max(kept[1]!, row[1]!);
    } else keepRow(stats, index, row, key);
  }
  stats.orders = earlier.orders + later.orders;
  revisions.set(stats, 1);
  return stats;
}

/** Statistics learned from a batch of orders, in order; `customerOf` gives each order's customer hash (aggregates). */
export function trainStats(
  orders: Iterable<readonly string[]>,
  options: { maxRows?: number; customerOf?: (orderIndex: number) => number } = {},
): RecommendStats {
  const stats = emptyStats(options);
  let i = 0;
  for (const picks of orders) addOrder(stats, picks, options.customerOf?.(i++));
  return stats;
}

/**
 * Statistics read back from JSON (e.g. from the table): checked for shape, so a damaged item
 * is refused rather than recommended from.
 */
export function parseStats(input: unknown): RecommendStats {
  const s = input as RecommendStats;
  const ok =
    typeof s === 'object' &&
    s !== null &&
    s.v === 1 &&
    Number.isInteger(s.orders) &&
    Number.isInteger(s.maxRows) &&
    Array.isArray(s.groups) &&
    Array.isArray(s.values) &&
    Array.isArray(s.totals) &&
    Array.isArray(s.rows) &&
    s.values.length === s.groups.length &&
    s.totals.length === s.groups.length &&
    s.values.every((vs, c) => Array.isArray(vs) && vs[0] === '' && Array.isArray(s.totals[c]) && s.totals[c]!.length === vs.length) &&
    s.rows.every(
      (r) =>
        Array.isArray(r) &&
        r.length >= 2 &&
        r.length <= s.groups.length + 2 &&
        r[0]! >= 1 &&
        r.every((x, i) => Number.isInteger(x) && (i < 2 || (x >= 0 && x < s.values[i - 2]!.length))),
    );
  const customerList = (list: unknown) => Array.isArray(list) && list.every((h) => Number.isInteger(h) && h >= SATURATED);
  const whoOk =
    s.who === undefined ||
    (typeof s.who === 'object' &&
      s.who !== null &&
      customerList(s.who.all) &&
      Array.isArray(s.who.values) &&
      s.who.values.length === s.groups.length &&
      s.who.values.every(
        (column, c) =>
          Array.isArray(column) && column.length <= s.values[c]!.length && column.every((list) => list == null || customerList(list)),
      ));
  if (!ok || !whoOk) throw new RangeError('not recommendation statistics (version 1)');
  return s;
}
