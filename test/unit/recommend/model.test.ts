/**
 * The vote itself (model.ts): relevance weights from bias-corrected mutual information, a
 * disagreement on a group that determines the target costing more than one on a group that
 * barely informs it, the floor alone giving back the unweighted vote, a group nothing informs
 * getting its totals, and popularity counting less once the target's context is revealed.
 */
import { describe, expect, it } from 'vitest';
import { addOrder, trainStats } from '#recommend/stats';
import { BETA, decode, RELEVANCE_FLOOR, RELEVANCE_MIN, relevanceOf, RevealSession } from '#recommend/model';

/** Entropy in nats of a distribution given by counts. */
function entropy(counts: readonly number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return -counts.reduce((h, c) => (c > 0 ? h + (c / n) * Math.log(c / n) : h), 0);
}

describe('relevance weights', () => {
  it('are the share of the entropy a determining column explains, less the small-sample bias; 0 for an independent or constant one', () => {
    // Prepare: columns t, a (= t relabelled), b (independent of t), k (constant); 8 distinct rows.
    const t = [0, 0, 1, 1, 2, 2, 0, 1];
    const a = t.map((x) => 2 - x);
    const b = [0, 1, 0, 1, 0, 1, 1, 0];
    const k = t.map(() => 0);
    const counts = [1, 1, 1, 1, 1, 1, 1, 1];

    // Act
    const rel = relevanceOf([t, a, b, k], counts, [3, 3, 2, 1]);

    // Assess: I(t; a) = H(t), less Miller-Madow's (3 - 1)(3 - 1) / (2 * 8 rows).
    const h = entropy([3, 3, 2]);
    expect(rel[0]![1]).toBeCloseTo((h - 0.25) / h, 12);
    expect(rel[1]![0]).toBeCloseTo((h - 0.25) / h, 12);
    expect(rel[0]![2]).toBe(0);
    expect(rel[0]![3]).toBe(0);
    expect(rel[3]![0]).toBe(0);
    for (let i = 0; i < 4; i++) expect(rel[i]![i]).toBe(0);
    for (const row of rel) for (const x of row) expect(x >= 0 && x <= 1).toBe(true);
  });

  it('weigh configurations by their order counts, and the bias by the number of distinct configurations', () => {
    // Prepare: 10 orders of 3 distinct configurations; a determines t.
    const stats = trainStats([...Array.from({ length: 8 }, () => ['t.x1', 'a.x1']), ['t.x2', 'a.x2'], ['t.x3', 'a.x3']]);

    // Act
    const rel = decode(stats).relevance;

    // Assess: H(t) over the 10 orders, less (3 - 1)(3 - 1) / (2 * 3 configurations).
    const [t, a] = [stats.groups.indexOf('t'), stats.groups.indexOf('a')];
    const h = entropy([8, 1, 1]);
    expect(rel[t]![a]).toBeCloseTo(Math.max(0, h - 4 / 6) / h, 12);
  });

  it('leave a many-valued column that merely co-occurs in a few configurations irrelevant', () => {
    // Prepare: a paint-like group p with 6 values over 12 configurations; each paint came with
    // two of t's three values, so by chance p "explains" part of t.
    const t = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];
    const p = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
    const counts = t.map(() => 5);

    // Act
    const rel = relevanceOf([t, p], counts, [3, 6]);

    // Assess: the plug-in estimate is ln 3 - ln 2 (a relevance of 0.37); the bias
    // (3 - 1)(6 - 1) / (2 * 12) is larger.
    expect(rel[0]![1]).toBe(0);
    expect(rel[1]![0]).toBe(0);
  });
});

describe('the weighted vote', () => {
  // a determines t; b says little about t. Customers who took a=x1 are rare and took b=x2.
  const stats = trainStats([
    ...Array.from({ length: 3 }, () => ['a.x1', 'b.x2', 't.x1']),
    ...Array.from({ length: 30 }, () => ['a.x2', 'b.x1', 't.x2']),
    ...Array.from({ length: 30 }, () => ['a.x2', 'b.x2', 't.x2']),
  ]);

  it('follows the revealed group that determines the target over one that barely informs it', () => {
    const session = new RevealSession(stats);
    session.reveal('a', 'x1');
    session.reveal('b', 'x1');
    const [x1, x2] = session.scores('t', ['x1', 'x2']);
    expect(x1).toBeGreaterThan(x2!);
  });

  it('with the floor alone (all groups weigh the same) is the unweighted vote, which the many x2 rows win', () => {
    const session = new RevealSession(stats, BETA, 1e9);
    session.reveal('a', 'x1');
    session.reveal('b', 'x1');
    const [x1, x2] = session.scores('t', ['x1', 'x2']);
    expect(x2).toBeGreaterThan(x1!);
  });

  it('gives a single candidate a positive score only when the data saw it', () => {
    const session = new RevealSession(stats);
    session.reveal('a', 'x2');
    expect(session.scores('t', ['x1'])[0]).toBeGreaterThan(0);
    expect(session.scores('t', ['x9'])).toEqual([0]);
  });

  it('ignores a revealed group no kept row knows, and refuses to reveal a group twice', () => {
    const plain = new RevealSession(stats);
    plain.reveal('a', 'x1');
    const extra = new RevealSession(stats);
    extra.reveal('a', 'x1');
    extra.reveal('paint', 'red');
    const [p1, p2] = plain.scores('t', ['x1', 'x2']);
    const [e1, e2] = extra.scores('t', ['x1', 'x2']);
    expect(p1! > p2!).toBe(e1! > e2!);
    expect(() => extra.reveal('a', 'x2')).toThrow(/already revealed/);
  });
});

describe('the vote where the data has no neighbourhood to offer', () => {
  it('gives a group no other group informs its order totals, not the paint of the nearest neighbour', () => {
    // Prepare: the only configuration matching the customer on a and b has p = x2, but x1 is
    // ordered most; p is unrelated to a and b.
    const stats = trainStats([
      ['a.x1', 'b.x1', 'p.x2'],
      ...Array.from({ length: 2 }, () => ['a.x1', 'b.x2', 'p.x1']),
      ...Array.from({ length: 2 }, () => ['a.x2', 'b.x1', 'p.x1']),
      ...Array.from({ length: 2 }, () => ['a.x2', 'b.x2', 'p.x1']),
      ['a.x2', 'b.x2', 'p.x2'],
    ]);
    const decoded = decode(stats);
    const p = stats.groups.indexOf('p');
    expect(decoded.relevant[p]!.columns.length).toBe(0);

    // Act
    const session = new RevealSession(stats);
    session.reveal('a', 'x1');
    session.reveal('b', 'x1');
    const [x1, x2] = session.scores('p', ['x1', 'x2']);

    // Assess: 6 orders against 2.
    expect(x1! / x2!).toBeCloseTo(6 / 2, 6);
  });

  it('counts every order in those totals, also the orders of configurations the statistics forgot', () => {
    // Prepare: room for 2 configurations; the x2 one is forgotten when x3 arrives.
    const stats = trainStats([['p.x1'], ['p.x1'], ['p.x1'], ['p.x2'], ['p.x3']], { maxRows: 2 });
    expect(stats.rows).toHaveLength(2);
    // Act
    const [x1, x2, x3] = new RevealSession(stats).scores('p', ['x1', 'x2', 'x3']);
    // Assess
    expect(x1! / x2!).toBeCloseTo(3, 6);
    expect(x2! / x3!).toBeCloseTo(1, 6);
  });

  it("counts a neighbour's popularity less once the target's context is revealed", () => {
    // Prepare: with a = x1, one configuration ordered 10 times has t = x1 and three distinct
    // configurations ordered once each have t = x2; c only tells the configurations apart.
    const stats = trainStats([
      ...Array.from({ length: 10 }, () => ['a.x1', 'c.x1', 't.x1']),
      ['a.x1', 'c.x2', 't.x2'],
      ['a.x1', 'c.x3', 't.x2'],
      ['a.x1', 'c.x4', 't.x2'],
      ...Array.from({ length: 12 }, (_, i) => ['a.x2', `c.x${(i % 4) + 1}`, 't.x3']),
    ]);
    const decoded = decode(stats);
    const [t, a, c] = ['t', 'a', 'c'].map((g) => stats.groups.indexOf(g)) as [number, number, number];
    expect(decoded.relevance[t]![a]).toBeGreaterThanOrEqual(RELEVANCE_MIN);
    expect(decoded.relevance[t]![c]).toBeLessThan(RELEVANCE_MIN);

    // Act: a, t's only relevant group, is revealed; once with the model's exponent, once with
    // popularity counted in full.
    const damped = new RevealSession(stats);
    damped.reveal('a', 'x1');
    const full = new RevealSession(stats, BETA, RELEVANCE_FLOOR, 1);
    full.reveal('a', 'x1');

    // Assess: three configurations outvote one ordered ten times (10^0.25 < 3), unless
    // popularity counts in full (10 > 3).
    const [d1, d2] = damped.scores('t', ['x1', 'x2']);
    const [f1, f2] = full.scores('t', ['x1', 'x2']);
    expect(d2).toBeGreaterThan(d1!);
    expect(f1).toBeGreaterThan(f2!);
  });
});

describe('decoding statistics updated in place', () => {
  it('reuses the relevance weights after a few more orders, and computes them anew when a group appears', () => {
    // Prepare: 40 orders where the keyboard follows the CPU.
    const stats = trainStats(Array.from({ length: 40 }, (_, i) => (i % 2 ? ['cpu.i5', 'keyboard.us'] : ['cpu.i7', 'keyboard.de'])));
    const before = decode(stats);
    // Act
    addOrder(stats, ['cpu.i7', 'keyboard.de']);
    const moreOrders = decode(stats);
    addOrder(stats, ['cpu.i7', 'keyboard.de', 'paint.red']);
    const newGroup = decode(stats);
    const session = new RevealSession(stats);
    session.reveal('cpu', 'i7');
    // Assess
    expect(moreOrders).not.toBe(before);
    expect(moreOrders.relevance).toBe(before.relevance);
    expect(newGroup.relevance).not.toBe(before.relevance);
    expect(newGroup.relevance).toHaveLength(3);
    expect(session.scores('paint', ['red', ''])).toHaveLength(2);
  });
});
