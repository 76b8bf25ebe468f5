/**
 * Materialises one cluster's relation: every assignment of the cluster's groups that no rule
 * touching the cluster rules out. A rule whose scope lies inside the cluster is checked
 * exactly; a rule only partly inside prunes by its projection (a table keeps a tuple when some
 * row agrees on the cluster's columns), which is sound and keeps the relation small.
 */
import { CatalogTooComplexError } from './errors.ts';
import {
  CELL_ANY,
  CELL_NONE,
  cellMatches,
  logicAllows,
  needAllows,
  sumAllows,
  sumCandidates,
  type CompileBudget,
  type ConstraintModel,
  type Model,
  type ResourceConstraint,
  type SumConstraint,
  type TableConstraint,
} from './model.ts';

export type { CompileBudget };

/** Per table: for each column, the rows accepting each value of the column's group. */
export type RowIndex = Int32Array[][];

/** Builds, per column, the list of rows that accept each value (lazily cached by the caller). */
export function indexTable(model: Model, table: TableConstraint): RowIndex {
  const width = table.columnScope.length;
  const index: Int32Array[][] = [];
  for (let col = 0; col < width; col++) {
    const g = model.groups[table.scope[table.columnScope[col]!]!]!;
    const lists: number[][] = g.values.map(() => []);
    for (let r = 0; r < table.rowCount; r++) {
      const cell = table.cells[r * width + col]!;
      if (!g.multi && cell >= 0) lists[cell]!.push(r);
      else if (!g.multi && cell === CELL_NONE) {
        if (g.emptyValue >= 0) lists[g.emptyValue]!.push(r);
      } else {
        for (let v = 0; v < lists.length; v++) if (cellMatches(g, cell, v)) lists[v]!.push(r);
      }
    }
    index.push(lists.map((l) => Int32Array.from(l)));
  }
  return index;
}

interface TableUse {
  table: TableConstraint;
  index: RowIndex;
  /** Current candidate rows `rows[lo..hi)`, or null before any of its columns is assigned. */
  rows: Int32Array | null;
  lo: number;
  hi: number;
}

/**
 * Enumerates the relation of the cluster over `groups` by backtracking with early checks.
 * Returns the tuples column by column (`columns[i][t]` is the value of `groups[i]` in tuple t).
 */
export function enumerateCluster(
  model: Model,
  groups: readonly number[],
  constraintIds: readonly number[],
  rowIndex: (table: TableConstraint) => RowIndex,
  budget: CompileBudget,
): { columns: Int32Array[]; size: number } {
  const inCluster = new Set(groups);
  // A resource rule's placeholder is enforced by its links, never as a whole.
  const touching = constraintIds.filter((ci) => {
    const con = model.constraints[ci]!;
    return con.kind !== 'resource' && con.scope.some((g) => inCluster.has(g));
  });
  // Assignment order: start from the most constrained group, then always take the group sharing
  // the most rules with those already placed, so checks fire as early as possible.
  const order: number[] = [];
  const placed = new Set<number>();
  const shared = (g: number): number =>
    touching.reduce((n, ci) => {
      const scope = model.constraints[ci]!.scope;
      return scope.includes(g) && (placed.size === 0 || scope.some((x) => placed.has(x))) ? n + 1 : n;
    }, 0);
  // A variable of a sum link whose two others are placed has one value (or a few) left: place it
  // at once, so a chain's sums are computed, never enumerated.
  const links = touching.map((ci) => model.constraints[ci]!).filter((con): con is SumConstraint => con.kind === 'sum');
  const determined = (g: number): boolean =>
    links.some((con) => con.scope.includes(g) && [...con.scope].every((x) => x === g || (inCluster.has(x) && placed.has(x))));
  while (order.length < groups.length) {
    let best = -1;
    let bestScore = -1;
    let bestDomain = Infinity;
    for (const g of groups) {
      if (placed.has(g)) continue;
      const score = shared(g) + (links.length > 0 && determined(g) ? 1_000_000 : 0);
      const domain = model.vars[g]!.domain;
      if (score > bestScore || (score === bestScore && domain < bestDomain)) {
        best = g;
        bestScore = score;
        bestDomain = domain;
      }
    }
    order.push(best);
    placed.add(best);
  }

  const tables: TableUse[] = [];
  const logic: Exclude<ConstraintModel, TableConstraint | ResourceConstraint>[] = [];
  // A table with a single group inside the cluster only prunes that group's values: fold it into
  // a per-group mask once instead of tracking its rows during the search.
  const allowedValue = new Map<number, Uint8Array>(
    groups.map((g) => [g, Uint8Array.from(model.vars[g]!.retiredValue, (r) => (r ? 0 : 1))] as const),
  );
  for (const ci of touching) {
    const con = model.constraints[ci]!;
    if (con.kind === 'resource') continue;
    if (con.kind !== 'table') {
      logic.push(con);
      continue;
    }
    const inside = [...con.scope].filter((g) => inCluster.has(g));
    const index = rowIndex(con);
    if (inside.length === 1) {
      const g = inside[0]!;
      const mask = allowedValue.get(g)!;
      const cols = [...con.columnScope.keys()].filter((col) => con.scope[con.columnScope[col]!] === g);
      for (let v = 0; v < mask.length; v++) {
        if (!mask[v]) continue;
        if (cols.length === 1) {
          if (index[cols[0]!]![v]!.length === 0) mask[v] = 0;
        } else {
          const width = con.columnScope.length;
          let any = false;
          for (let r = 0; r < con.rowCount && !any; r++) {
            any = cols.every((col) => cellMatches(model.groups[g]!, con.cells[r * width + col]!, v));
          }
          if (!any) mask[v] = 0;
        }
      }
      continue;
    }
    tables.push({ table: con, index, rows: null, lo: 0, hi: 0 });
  }
  // Per depth: the table columns and logic rules to check once the group at that depth is set.
  interface TableCheck {
    use: TableUse;
    cols: number[];
  }
  const tableChecks: TableCheck[][] = order.map((g) =>
    tables.flatMap((use) => {
      const cols: number[] = [];
      use.table.columnScope.forEach((pos, col) => {
        if (use.table.scope[pos] === g) cols.push(col);
      });
      return cols.length ? [{ use, cols }] : [];
    }),
  );
  const logicChecks = order.map((g) => logic.filter((con) => con.scope.includes(g)));
  // A sum link whose two other variables come earlier in the order fixes this one's values.
  const position = new Map(order.map((g, i) => [g, i] as const));
  const functional: SumConstraint[][] = order.map((g, depth) =>
    logic.filter(
      (con): con is SumConstraint =>
        con.kind === 'sum' && con.scope.includes(g) && [...con.scope].every((x) => x === g || (position.get(x) ?? depth) < depth),
    ),
  );
  const allows = (con: Exclude<ConstraintModel, TableConstraint | ResourceConstraint>, assign: Int32Array): boolean =>
    con.kind === 'sum' ? sumAllows(con, assign) : con.kind === 'need' ? needAllows(model, con, assign) : logicAllows(model, con, assign);

  const arity = order.length;
  const assign = new Int32Array(model.vars.length).fill(-1);
  let buffer = new Int32Array(Math.max(16, arity * 64));
  let size = 0;
  const current = new Int32Array(arity);

  const filterRows = (use: TableUse, col: number, value: number): void => {
    if (use.rows === null) {
      use.rows = use.index[col]![value]!;
      use.lo = 0;
      use.hi = use.rows.length;
      return;
    }
    const g = model.groups[use.table.scope[use.table.columnScope[col]!]!]!;
    const width = use.table.columnScope.length;
    const rows = use.rows;
    const out = new Int32Array(use.hi - use.lo);
    let n = 0;
    for (let i = use.lo; i < use.hi; i++) {
      const r = rows[i]!;
      if (cellMatches(g, use.table.cells[r * width + col]!, value)) out[n++] = r;
    }
    use.rows = out;
    use.lo = 0;
    use.hi = n;
  };

  // Splitting the candidate rows by the cell of the next column costs one scan per node, where
  // filtering per value would cost one scan per value (domains reach hundreds of values).
  const bucketRows = (
    use: TableUse,
    cols: number[],
    domain: number,
  ): { rows: Int32Array; start: Int32Array; values: Int32Array } | null => {
    if (use.rows === null || cols.length !== 1) return null;
    const col = cols[0]!;
    const g = model.groups[use.table.scope[use.table.columnScope[col]!]!]!;
    if (g.multi) return null;
    const width = use.table.columnScope.length;
    const rows = use.rows;
    const start = new Int32Array(domain + 1);
    for (let i = use.lo; i < use.hi; i++) {
      const cell = use.table.cells[rows[i]! * width + col]!;
      if (cell === CELL_ANY) return null;
      const v = cell >= 0 ? cell : cell === CELL_NONE ? g.emptyValue : -1;
      if (v >= 0) start[v + 1]!++;
    }
    const values: number[] = [];
    for (let v = 0; v < domain; v++) {
      if (start[v + 1]! > 0) values.push(v);
      start[v + 1]! += start[v]!;
    }
    const fill = start.slice(0, domain);
    const out = new Int32Array(start[domain]!);
    for (let i = use.lo; i < use.hi; i++) {
      const cell = use.table.cells[rows[i]! * width + col]!;
      const v = cell >= 0 ? cell : cell === CELL_NONE ? g.emptyValue : -1;
      if (v >= 0) out[fill[v]!++] = rows[i]!;
    }
    return { rows: out, start, values: Int32Array.from(values) };
  };

  // A table's candidate rows stay the same while the search moves among groups outside it, so
  // the same split is asked for again and again: remember it per row view.
  type Bucket = ReturnType<typeof bucketRows>;
  const bucketCache = new Map<TableCheck, WeakMap<Int32Array, Map<number, Bucket>>>();
  const cachedBucket = (check: TableCheck, domain: number): Bucket => {
    const { use } = check;
    if (use.rows === null) return null;
    let byRows = bucketCache.get(check);
    if (!byRows) bucketCache.set(check, (byRows = new WeakMap()));
    let byLo = byRows.get(use.rows);
    if (!byLo) byRows.set(use.rows, (byLo = new Map()));
    let bucket = byLo.get(use.lo);
    if (bucket === undefined) {
      bucket = bucketRows(use, check.cols, domain);
      byLo.set(use.lo, bucket);
    }
    return bucket;
  };

  const walk = (depth: number): void => {
    if (depth === arity) {
      if (++budget.tuples > budget.maxTuples) {
        throw new CatalogTooComplexError(`the compiled catalog would exceed ${budget.maxTuples} tuples (compile limit maxTuples)`);
      }
      if ((size + 1) * arity > buffer.length) {
        const grown = new Int32Array(buffer.length * 2);
        grown.set(buffer);
        buffer = grown;
      }
      buffer.set(current, size * arity);
      size++;
      return;
    }
    const g = order[depth]!;
    const domain = model.vars[g]!.domain;
    const checks = tableChecks[depth]!;
    const nChecks = checks.length;
    const savedRows = checks.map((c) => c.use.rows);
    const savedLo = checks.map((c) => c.use.lo);
    const savedHi = checks.map((c) => c.use.hi);
    const buckets = checks.map((c) => cachedBucket(c, domain));
    const mask = allowedValue.get(g)!;
    // Walk only the values of the most selective bucket (domains reach hundreds of values).
    let candidates: Int32Array | null = null;
    let fewest = Infinity;
    for (const b of buckets) {
      if (b && b.values.length < fewest) {
        candidates = b.values;
        fewest = b.values.length;
      }
    }
    for (const con of functional[depth]!) {
      const fixed = sumCandidates(con, g, assign);
      if (fixed && fixed.length < fewest) {
        candidates = fixed;
        fewest = fixed.length;
      }
    }
    const count = candidates ? candidates.length : domain;
    for (let i = 0; i < count; i++) {
      const v = candidates ? candidates[i]! : i;
      if (!mask[v]) continue;
      let ok = true;
      // A value no table row supports is skipped before it counts as a search step.
      for (let k = 0; k < nChecks; k++) {
        const b = buckets[k];
        if (b && b.start[v] === b.start[v + 1]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (++budget.steps > budget.maxSteps) {
        throw new CatalogTooComplexError(`compiling needs more than ${budget.maxSteps} search steps (compile limit maxSteps)`);
      }
      assign[g] = v;
      for (let k = 0; k < nChecks && ok; k++) {
        const { use, cols } = checks[k]!;
        const b = buckets[k];
        if (b) {
          use.rows = b.rows;
          use.lo = b.start[v]!;
          use.hi = b.start[v + 1]!;
        } else {
          for (const col of cols) filterRows(use, col, v);
        }
        if (use.hi === use.lo) ok = false;
      }
      const lc = logicChecks[depth]!;
      for (let k = 0; k < lc.length && ok; k++) if (!allows(lc[k]!, assign)) ok = false;
      if (ok) {
        current[depth] = v;
        walk(depth + 1);
      }
      for (let k = 0; k < nChecks; k++) {
        const use = checks[k]!.use;
        use.rows = savedRows[k]!;
        use.lo = savedLo[k]!;
        use.hi = savedHi[k]!;
      }
    }
    assign[g] = -1;
  };
  walk(0);

  // Report columns in the cluster's own group order (ascending group index).
  const columns = groups.map((g) => {
    const pos = order.indexOf(g);
    const col = new Int32Array(size);
    for (let t = 0; t < size; t++) col[t] = buffer[t * arity + pos]!;
    return col;
  });
  return { columns, size };
}
