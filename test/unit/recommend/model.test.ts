/**
 * The vote itself (model.ts): relevance weights from mutual information, a disagreement on a
 * group that determines the target costing more than one on a group that barely informs it,
 * and the floor alone giving back the unweighted vote.
 */
import { describe, expect, it } from 'vitest';
import { trainStats } from '#recommend/stats';
import { BETA, decode, relevanceOf, RevealSession } from '#recommend/model';

describe('relevance weights', () => {
  it('are 1 for a column that determines the target, 0 for an independent or constant one', () => {
    // Columns: t, a (= t relabelled), b (independent of t), k (constant).
    const t = [0, 0, 1, 1, 2, 2, 0, 1];
    const a = t.map((x) => 2 - x);
    const b = [0, 1, 0, 1, 0, 1, 1, 0];
    const k = t.map(() => 0);
    const counts = [1, 1, 1, 1, 1, 1, 1, 1];
    const rel = relevanceOf([t, a, b, k], counts, [3, 3, 2, 1]);
    expect(rel[0]![1]).toBeCloseTo(1, 12);
    expect(rel[1]![0]).toBeCloseTo(1, 12);
    expect(rel[0]![2]).toBeLessThan(0.1);
    expect(rel[0]![3]).toBe(0);
    expect(rel[3]![0]).toBe(0);
    for (let i = 0; i < 4; i++) expect(rel[i]![i]).toBe(0);
    for (const row of rel) for (const x of row) expect(x >= 0 && x <= 1).toBe(true);
  });

  it('count repeated configurations by their order counts', () => {
    const stats = trainStats([
      ...Array.from({ length: 9 }, () => ['t.x1', 'a.x1']),
      ['t.x2', 'a.x2'],
    ]);
    const rel = decode(stats).relevance;
    const [t, a] = [stats.groups.indexOf('t'), stats.groups.indexOf('a')];
    expect(rel[t]![a]).toBeCloseTo(1, 12);
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
