/**
 * The recommendation model: always an available choice (property test against the engine on
 * random small catalogs and orders), one-order updates equal batch training (also after a JSON
 * round trip), catalog defaults with the source said, no personal statistics for customers
 * who ask not to be profiled or for one-off orders, and the k-customer floor: the distinct
 * customers counted exactly up to the cap, and no recommendation from other customers traceable
 * to fewer than k of them (property tests).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogDocument, Group, Rule } from '#core/catalog-document';
import { compileCatalog, configure } from '#engine/index';
import {
  addOrder,
  CUSTOMER_CAP,
  customerHash,
  customersBehind,
  customersWith,
  emptyStats,
  mergeStats,
  parseStats,
  trainStats,
  type RecommendStats,
} from '#recommend/stats';
import { recommend } from '#recommend/recommend';
import { bundleFor, scopesToUpdate } from '#recommend/scopes';

const TODAY = '2025-03-03';

/** Random small catalogs: 2-5 groups of 1-4 choices, single or optional or multi, random requires/excludes. */
const catalogArb: fc.Arbitrary<CatalogDocument> = fc
  .record({
    shapes: fc.array(fc.record({ choices: fc.integer({ min: 1, max: 4 }), card: fc.constantFrom([1, 1], [0, 1], [0, 2]), def: fc.nat() }), {
      minLength: 2,
      maxLength: 5,
    }),
    seed: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
    ruleCount: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ shapes, seed, ruleCount }) => {
    let k = 0;
    const next = (n: number): number => seed[k++ % seed.length]! % n;
    const groups: Group[] = shapes.map((s, gi) => ({
      id: `g${gi}`,
      kind: 'product',
      min: s.card[0]!,
      max: s.card[1]!,
      choices: Array.from({ length: s.choices }, (_, ci) => ({
        id: `c${ci}`,
        price: 0,
        leadDays: 0,
        ...(s.def % s.choices === ci ? { default: true } : {}),
      })),
    }));
    const anyRef = (): string => {
      const g = groups[next(groups.length)]!;
      return `${g.id}.${g.choices[next(g.choices.length)]!.id}`;
    };
    const rules: Rule[] = Array.from({ length: ruleCount }, (_, r) =>
      next(2) === 0
        ? { id: `r${r}`, type: 'requires' as const, if: [anyRef()], then: [anyRef(), anyRef()] }
        : { id: `r${r}`, type: 'excludes' as const, choices: [anyRef(), anyRef()] },
    );
    return { id: 'p', name: 'P', currency: 'EUR', basePrice: 0, baseLeadDays: 0, groups, rules } as CatalogDocument;
  });

/** Well-formed picks of a catalog (at most max per group), from a list of indices. */
function picksFrom(doc: CatalogDocument, indices: readonly number[]): string[] {
  const refs = doc.groups.flatMap((g) => g.choices.map((c) => `${g.id}.${c.id}`));
  const out: string[] = [];
  for (const i of indices) {
    const ref = refs[i % refs.length]!;
    const group = ref.split('.')[0]!;
    const max = doc.groups.find((g) => g.id === group)!.max;
    if (!out.includes(ref) && out.filter((r) => r.startsWith(`${group}.`)).length < max) out.push(ref);
  }
  return out;
}

describe('recommend', () => {
  it('recommends only choices the engine marks available or forced, in groups with nothing selected', () => {
    fc.assert(
      fc.property(
        catalogArb,
        fc.array(fc.array(fc.nat(), { maxLength: 6 }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.boolean(),
        (doc, orders, pickIdx, withCustomer) => {
          const compiled = compileCatalog(doc);
          const everyone = trainStats(
            orders.map((o) => picksFrom(doc, o)),
            { customerOf: (i) => i % 7 },
          );
          const customer = withCustomer ? trainStats(orders.slice(0, 2).map((o) => picksFrom(doc, o))) : null;
          const picks = picksFrom(doc, pickIdx);
          const answer = configure(compiled, picks, { tier: null, today: TODAY });
          const recs = recommend({ everyone, customer, segment: everyone }, compiled, answer.repair?.picks ?? picks, answer, {
            minSegmentOrders: 3,
          });
          for (const [groupId, rec] of recs) {
            const group = answer.groups.find((g) => g.id === groupId)!;
            expect(group.choices.some((c) => c.state === 'selected')).toBe(false);
            const state = group.choices.find((c) => c.id === rec.choice)?.state;
            expect(['available', 'forced']).toContain(state);
            expect(rec.confidence).toBeGreaterThanOrEqual(0);
            expect(rec.confidence).toBeLessThanOrEqual(1);
          }
          // Every open group with a possible choice and no "nothing" option gets a recommendation.
          for (const group of answer.groups) {
            const open =
              !group.choices.some((c) => c.state === 'selected') &&
              group.choices.some((c) => c.state === 'available' || c.state === 'forced');
            if (open && !group.emptyAllowed) expect(recs.has(group.id)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('learns the most frequent completion consistent with the picks', () => {
    const doc = {
      id: 'car',
      name: 'Car',
      currency: 'EUR',
      basePrice: 0,
      baseLeadDays: 0,
      rules: [],
      groups: [
        {
          id: 'engine',
          kind: 'product',
          min: 1,
          max: 1,
          choices: [
            { id: 'diesel', price: 0, leadDays: 0 },
            { id: 'petrol', price: 0, leadDays: 0, default: true },
          ],
        },
        { id: 'tow', kind: 'product', min: 0, max: 1, choices: [{ id: 'hitch', price: 0, leadDays: 0 }] },
        {
          id: 'colour',
          kind: 'product',
          min: 1,
          max: 1,
          choices: [
            { id: 'red', price: 0, leadDays: 0, default: true },
            { id: 'grey', price: 0, leadDays: 0 },
          ],
        },
      ],
    } as CatalogDocument;
    const compiled = compileCatalog(doc);
    const stats = trainStats(
      [
        ...Array.from({ length: 5 }, () => ['engine.diesel', 'tow.hitch', 'colour.grey']),
        ...Array.from({ length: 8 }, () => ['engine.petrol', 'colour.red']),
      ],
      { customerOf: (i) => i },
    );
    const answer = configure(compiled, ['engine.diesel'], { tier: null, today: TODAY });
    const recs = recommend({ everyone: stats }, compiled, ['engine.diesel'], answer);
    expect(recs.get('colour')).toMatchObject({ choice: 'grey', source: 'everyone' });
    expect(recs.get('tow')).toMatchObject({ choice: 'hitch', source: 'everyone' });
    // Petrol buyers leave the hitch off: "nothing" wins, so the optional group gets no entry.
    const petrol = recommend(
      { everyone: stats },
      compiled,
      ['engine.petrol'],
      configure(compiled, ['engine.petrol'], { tier: null, today: TODAY }),
    );
    expect(petrol.has('tow')).toBe(false);
    expect(petrol.get('colour')).toMatchObject({ choice: 'red', source: 'everyone' });
  });

  it('falls back to the catalog default, and says so, when a product has no orders', () => {
    const doc = {
      id: 'p',
      name: 'P',
      currency: 'EUR',
      basePrice: 0,
      baseLeadDays: 0,
      groups: [
        {
          id: 'a',
          kind: 'product',
          min: 1,
          max: 1,
          choices: [
            { id: 'x', price: 0, leadDays: 0 },
            { id: 'y', price: 0, leadDays: 0, default: true },
          ],
        },
        {
          id: 'b',
          kind: 'product',
          min: 1,
          max: 1,
          choices: [
            { id: 'u', price: 0, leadDays: 0, default: true },
            { id: 'v', price: 0, leadDays: 0 },
          ],
        },
      ],
      rules: [{ id: 'no-yu', type: 'excludes', choices: ['a.y', 'b.u'] }],
    } as CatalogDocument;
    const compiled = compileCatalog(doc);
    const none = recommend({ everyone: emptyStats() }, compiled, [], configure(compiled, [], { tier: null, today: TODAY }));
    expect(none.get('a')).toEqual({ choice: 'y', source: 'catalog-default', confidence: 0 });
    expect(none.get('b')).toEqual({ choice: 'u', source: 'catalog-default', confidence: 0 });
    // The default is excluded by a pick: the first available choice, still said to be the catalog's.
    const picked = recommend({}, compiled, ['a.y'], configure(compiled, ['a.y'], { tier: null, today: TODAY }));
    expect(picked.get('b')).toEqual({ choice: 'v', source: 'catalog-default', confidence: 0 });
    expect(picked.has('a')).toBe(false);
  });

  it('speaks with the customer first, then the segment, then everyone; never with the customer who opted out', () => {
    const doc = {
      id: 'p',
      name: 'P',
      currency: 'EUR',
      basePrice: 0,
      baseLeadDays: 0,
      rules: [],
      groups: [
        {
          id: 'pack',
          kind: 'service',
          min: 1,
          max: 1,
          choices: [
            { id: 'box', price: 0, leadDays: 0 },
            { id: 'crate', price: 0, leadDays: 0 },
            { id: 'bag', price: 0, leadDays: 0 },
          ],
        },
      ],
    } as CatalogDocument;
    const compiled = compileCatalog(doc);
    const answer = configure(compiled, [], { tier: null, today: TODAY });
    const distinct = { customerOf: (i: number) => i };
    const everyone = trainStats(
      Array.from({ length: 30 }, () => ['pack.box']),
      distinct,
    );
    const segment = trainStats(
      Array.from({ length: 25 }, () => ['pack.bag']),
      distinct,
    );
    const customer = trainStats([['pack.crate']]);
    expect(recommend({ everyone, segment, customer }, compiled, [], answer).get('pack')).toMatchObject({
      choice: 'crate',
      source: 'customer',
    });
    expect(recommend({ everyone, segment, customer }, compiled, [], answer, { doNotProfile: true }).get('pack')).toMatchObject({
      choice: 'bag',
      source: 'segment',
    });
    expect(recommend({ everyone, segment: trainStats([['pack.bag']], distinct) }, compiled, [], answer).get('pack')).toMatchObject({
      choice: 'box',
      source: 'everyone',
    });
  });
});

describe('the k-customer floor', () => {
  const laptop = {
    id: 'laptop',
    name: 'Laptop',
    currency: 'EUR',
    basePrice: 0,
    baseLeadDays: 0,
    rules: [],
    groups: [
      {
        id: 'cpu',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'i5', price: 0, leadDays: 0, default: true },
          { id: 'i7', price: 0, leadDays: 0 },
        ],
      },
      {
        id: 'gpu',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'none', price: 0, leadDays: 0, default: true },
          { id: 'rtx', price: 0, leadDays: 0 },
        ],
      },
    ],
  } as CatalogDocument;
  const compiled = compileCatalog(laptop);
  const answer = configure(compiled, [], { tier: null, today: TODAY });

  it("never opens a new customer on one person's build: their orders alone are below the floor", () => {
    // Prepare: one customer ordered the big build twice.
    const onePerson = trainStats(
      [
        ['cpu.i7', 'gpu.rtx'],
        ['cpu.i7', 'gpu.rtx'],
      ],
      { customerOf: () => 42 },
    );
    // Act
    const recs = recommend({ everyone: onePerson }, compiled, [], answer);
    // Assess
    expect(recs.get('cpu')).toEqual({ choice: 'i5', source: 'catalog-default', confidence: 0 });
    expect(recs.get('gpu')).toEqual({ choice: 'none', source: 'catalog-default', confidence: 0 });
  });

  it('lets everyone speak for what at least k customers ordered, and falls to the default for the rest', () => {
    // Prepare: five customers took the i7; the RTX is the most ordered, but by two customers only.
    const orders = [
      ['cpu.i7', 'gpu.rtx'],
      ['cpu.i7', 'gpu.rtx'],
      ['cpu.i7', 'gpu.none'],
      ['cpu.i7', 'gpu.none'],
      ['cpu.i7', 'gpu.none'],
      ['cpu.i7', 'gpu.rtx'],
      ['cpu.i7', 'gpu.rtx'],
    ];
    const stats = trainStats(orders, { customerOf: (i) => [1, 2, 3, 4, 5, 1, 2][i]! });
    // Act
    const atFive = recommend({ everyone: stats }, compiled, [], answer, { minCustomers: 5 });
    const atThree = recommend({ everyone: stats }, compiled, [], answer, { minCustomers: 3 });
    const atTwo = recommend({ everyone: stats }, compiled, [], answer, { minCustomers: 2 });
    // Assess: RTX has 4 orders but 2 customers; "none" 3 orders of 3 customers.
    expect(customersWith(stats, 'cpu', 'i7')).toBe(5);
    expect(customersWith(stats, 'gpu', 'rtx')).toBe(2);
    expect(atFive.get('cpu')).toMatchObject({ choice: 'i7', source: 'everyone' });
    expect(atFive.get('gpu')).toMatchObject({ choice: 'none', source: 'catalog-default' });
    expect(atThree.get('gpu')).toMatchObject({ choice: 'none', source: 'everyone' });
    expect(atTwo.get('gpu')).toMatchObject({ choice: 'rtx', source: 'everyone' });
  });

  it('does not count statistics learned without customers (before the floor existed): they stay silent', () => {
    // Act
    const recs = recommend({ everyone: trainStats(Array.from({ length: 50 }, () => ['cpu.i7'])) }, compiled, [], answer);
    // Assess
    expect(recs.get('cpu')).toMatchObject({ source: 'catalog-default' });
  });

  const orderArb = fc.array(
    fc.record({
      picks: fc.array(fc.constantFrom('a.x', 'a.y', 'b.u', 'b.v', 'c.p', 'm.one', 'm.two'), { maxLength: 5 }),
      customer: fc.integer({ min: 0, max: 30 }),
    }),
    { maxLength: 80 },
  );

  it('counts the distinct customers of every value exactly up to the cap, also across a JSON round trip and a merge (property)', () => {
    fc.assert(
      fc.property(orderArb, orderArb, (earlier, later) => {
        // Prepare: the customer numbers are their own hashes, so no two collide.
        const train = (orders: typeof earlier) =>
          trainStats(
            orders.map((o) => o.picks),
            { customerOf: (i) => orders[i]!.customer },
          );
        const all = [...earlier, ...later];
        // Act
        const learned = parseStats(JSON.parse(JSON.stringify(train(all))));
        const merged = mergeStats(train(earlier), train(later));
        // Assess
        const truth = (group: string, value: string) =>
          new Set(
            all
              .filter((o) => {
                const mine = [...new Set(o.picks.filter((p) => p.startsWith(`${group}.`)).map((p) => p.split('.')[1]!))].sort().join('+');
                return mine === value;
              })
              .map((o) => o.customer),
          ).size;
        for (const stats of [learned, merged]) {
          expect(customersBehind(stats)).toBe(Math.min(new Set(all.map((o) => o.customer)).size, all.length ? CUSTOMER_CAP : 0));
          stats.groups.forEach((group, c) => {
            for (const value of stats.values[c]!) {
              if (value.includes('+')) continue;
              expect(customersWith(stats, group, value), `${group}=${value}`).toBe(Math.min(truth(group, value), CUSTOMER_CAP));
            }
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts two customers whose hashes collide as one, never more: a count can only fall short', () => {
    // Prepare: 2 000 customers' hashes, the same value each.
    const hashes = Array.from({ length: 2_000 }, (_, i) => customerHash('house', `c_${i}`));
    // Act
    const stats = trainStats(
      hashes.map(() => ['a.x']),
      { customerOf: (i) => hashes[i]! },
    );
    // Assess
    expect(hashes.every((h) => Number.isInteger(h) && h >= 0 && h < 2 ** 32)).toBe(true);
    expect(customerHash('house', 'c_1')).not.toBe(customerHash('partner', 'c_1'));
    expect(customersWith(stats, 'a', 'x')).toBe(CUSTOMER_CAP);
    expect(JSON.stringify(stats.who)).toBe(JSON.stringify({ all: [-1], values: [[[], [-1]]] }));
  });

  it('recommends nothing from other customers that fewer than k of them ordered (property)', () => {
    fc.assert(
      fc.property(
        catalogArb,
        fc.array(fc.record({ picks: fc.array(fc.nat(), { maxLength: 6 }), customer: fc.integer({ min: 0, max: 12 }) }), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.integer({ min: 2, max: 6 }),
        (doc, raw, pickIdx, k) => {
          // Prepare: orders of a handful of customers, some ordering several times.
          const compiled = compileCatalog(doc);
          const orders = raw.map((o) => ({ picks: picksFrom(doc, o.picks), customer: o.customer }));
          const stats = trainStats(
            orders.map((o) => o.picks),
            { customerOf: (i) => orders[i]!.customer },
          );
          const picks = picksFrom(doc, pickIdx);
          const answer = configure(compiled, picks, { tier: null, today: TODAY });
          // Act
          const recs = recommend({ everyone: stats, segment: stats }, compiled, answer.repair?.picks ?? picks, answer, {
            minCustomers: k,
            minSegmentOrders: 1,
          });
          // Assess: brute force over the raw orders, whoever recommends.
          for (const [group, rec] of recs) {
            if (rec.source === 'catalog-default') continue;
            const behind = new Set(orders.filter((o) => o.picks.includes(`${group}.${rec.choice}`)).map((o) => o.customer));
            expect(behind.size, `${group}.${rec.choice} from ${rec.source}`).toBeGreaterThanOrEqual(k);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('order statistics', () => {
  const orderArb = fc.array(fc.array(fc.constantFrom('a.x', 'a.y', 'b.u', 'b.v', 'c.p', 'm.one', 'm.two'), { maxLength: 5 }), {
    maxLength: 40,
  });

  it('one-order updates equal batch training, also after a JSON round trip and with a row bound', () => {
    fc.assert(
      fc.property(orderArb, fc.nat({ max: 40 }), fc.integer({ min: 1, max: 8 }), (orders, cut, maxRows) => {
        const k = Math.min(cut, orders.length);
        const batch = trainStats(orders, { maxRows });
        // Learn the first k, store as JSON, read back, learn the rest one by one.
        let stats = parseStats(JSON.parse(JSON.stringify(trainStats(orders.slice(0, k), { maxRows }))));
        for (const o of orders.slice(k)) stats = addOrder(stats, o);
        expect(stats).toEqual(batch);
        expect(batch.rows.length).toBeLessThanOrEqual(maxRows);
        expect(batch.orders).toBe(orders.length);
        // Exact totals per group, whatever was forgotten.
        for (const total of batch.totals) expect(total.reduce((a, b) => a + b, 0)).toBe(orders.length);
      }),
      { numRuns: 300 },
    );
  });

  it('merged statistics equal learning both histories in turn, and keep their row bound and exact totals', () => {
    // Rows may stop before their trailing "nothing" cells; padding them changes no meaning.
    const padded = (stats: RecommendStats) => ({
      ...stats,
      rows: stats.rows.map((r) => [...r, ...new Array<number>(stats.groups.length + 2 - r.length).fill(0)]),
    });
    fc.assert(
      fc.property(orderArb, orderArb, fc.integer({ min: 1, max: 8 }), (earlier, later, maxRows) => {
        // Prepare: two histories (fast-check's), unbounded and bounded.
        // Act
        const merged = mergeStats(trainStats(earlier), trainStats(later));
        const bounded = mergeStats(trainStats(earlier, { maxRows }), trainStats(later, { maxRows }));
        // Assess
        expect(padded(merged)).toEqual(padded(trainStats([...earlier, ...later])));
        expect(bounded.rows.length).toBeLessThanOrEqual(maxRows);
        expect(bounded.orders).toBe(earlier.length + later.length);
        for (const total of bounded.totals) expect(total.reduce((a, b) => a + b, 0)).toBe(earlier.length + later.length);
        expect(parseStats(JSON.parse(JSON.stringify(bounded)))).toEqual(bounded);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses damaged statistics', () => {
    expect(() => parseStats({ v: 2 })).toThrow(/statistics/);
    const s = trainStats([['a.x']]);
    expect(() => parseStats({ ...s, rows: [[1, 1, 7]] })).toThrow(/statistics/);
    expect(() => parseStats({ ...s, rows: [[0, 1, 1]] })).toThrow(/statistics/);
  });
});

describe('whose statistics an order teaches', () => {
  it('everyone and the segment always; the customer only when remembered and profiling is allowed', () => {
    expect(scopesToUpdate({ customerId: 'c1', tier: 'A' })).toEqual([
      { kind: 'everyone' },
      { kind: 'segment', segment: 'tier-A' },
      { kind: 'customer', customerId: 'c1' },
    ]);
    expect(scopesToUpdate({ customerId: 'c1', tier: 'A', remember: false })).toEqual([
      { kind: 'everyone' },
      { kind: 'segment', segment: 'tier-A' },
    ]);
    expect(scopesToUpdate({ customerId: 'c1', tier: null, doNotProfile: true })).toEqual([{ kind: 'everyone' }]);
  });

  it('a customer who asks not to be profiled gets no personal statistics read', () => {
    let read = 0;
    const own = trainStats([['a.x']]);
    const bundle = bundleFor(
      { tier: 'B', doNotProfile: true },
      {
        everyone: own,
        segment: () => null,
        customer: () => {
          read++;
          return own;
        },
      },
    );
    expect(bundle.customer).toBeNull();
    expect(read).toBe(0);
    expect(bundleFor({ tier: 'B' }, { customer: () => own }).customer).toBe(own);
  });
});
