/**
 * The popularity weights of `complete` with the goal `popular`: the recommendation model's vote
 * (model.ts) for every value of every group the picks leave open, given the picks, as integer
 * scaled log-shares. The engine maximises their sum under the catalog's rules, the stated needs
 * and the budget, so the answer is one joint configuration (the most likely one under the
 * per-group votes that is buildable), not a group-by-group walk that may end in a dead end.
 *
 * The speakers and the k-customer floor are those of `recommend` (recommend.ts): the customer's
 * own orders first, then their segment's, then everyone's; other customers speak for a value
 * only when at least k of them ordered it. A group no one speaks for leans to its catalog default.
 */
import { groupOfRef } from '#core/choice-ref';
import type { CompiledCatalog, Popularity } from '#engine/index';
import { DEFAULT_MIN_CUSTOMERS } from './customer-floor.ts';
import { revealedSessions, speakersOf, type RecommendationSource, type RecommendOptions, type StatsBundle } from './recommend.ts';
import { customersWith, selectionOf } from './stats.ts';

/** Weight units per nat of log-share: fine enough that shares a thousandth apart still differ. */
export const POPULARITY_SCALE = 10_000;
/**
 * The smallest share a value's weight tells apart (a value no speaker votes for counts as this
 * share). Weights are shifted by its log so that they are never negative: a value weighs
 * `POPULARITY_SCALE * ln(share / MIN_SHARE)`, 0 for a value with no vote.
 */
export const MIN_SHARE = 1e-6;
/** The weight of a catalog default in a group no statistics speak for: enough to win a tie, no more. */
const DEFAULT_WEIGHT = 1;

/** The weights, and which source spoke for each open group. */
export interface PopularityWeights {
  popularity: Popularity;
  sources: Map<string, RecommendationSource>;
}

/**
 * Integer popularity weights for every open group of the catalog (a group without a pick),
 * voted from the statistics that may speak for this caller given `picks`. A multi-choice group's
 * shares are each choice's share of the votes cast for the group's candidates (an approximation:
 * a selection of two choices votes for both).
 */
export function popularityWeights(
  stats: StatsBundle,
  compiled: CompiledCatalog,
  picks: readonly string[],
  options: RecommendOptions = {},
): PopularityWeights {
  const k = options.minCustomers ?? DEFAULT_MIN_CUSTOMERS;
  const speakers = speakersOf(stats, options);
  const selection = selectionOf(picks);
  const picked = new Set(picks.map(groupOfRef));
  const sessionFor = revealedSessions(selection);
  const choices: Record<string, number> = {};
  const emptyGroups: Record<string, number> = {};
  const sources = new Map<string, RecommendationSource>();
  const weightOf = (share: number) => Math.round(POPULARITY_SCALE * Math.log(Math.max(share, MIN_SHARE) / MIN_SHARE));
  const logOdds = (share: number) => {
    const p = Math.min(Math.max(share, MIN_SHARE), 1 - MIN_SHARE);
    return Math.round(POPULARITY_SCALE * Math.log(p / (1 - p)));
  };
  for (const group of compiled.doc.groups) {
    if (picked.has(group.id)) continue;
    const offered = group.choices.filter((c) => !c.retired).map((c) => c.id);
    const candidates = group.min === 0 ? [...offered, ''] : offered;
    if (candidates.length === 0) continue;
    let spoken = false;
    for (const { source, stats: s } of speakers) {
      // A group no order of this speaker holds says nothing (not even "nothing chosen").
      if (!s.groups.includes(group.id)) continue;
      const speakable = source === 'customer' ? candidates : candidates.filter((value) => customersWith(s, group.id, value) >= k);
      if (speakable.length === 0) continue;
      const scores = sessionFor(source, s).scores(group.id, speakable);
      const sum = scores.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) continue; // this speaker never saw any of the candidates
      speakable.forEach((value, i) => {
        const share = scores[i]! / sum;
        // A multi-choice group sums its choices' weights: each choice weighs its log-odds of being
        // in the selection against nothing (0), so only what most neighbours have is added.
        if (group.max > 1) {
          if (value !== '') choices[`${group.id}.${value}`] = logOdds(share);
        } else if (value === '') emptyGroups[group.id] = weightOf(share);
        else choices[`${group.id}.${value}`] = weightOf(share);
      });
      sources.set(group.id, source);
      spoken = true;
      break;
    }
    if (spoken) continue;
    const fallback = group.choices.find((c) => c.default && !c.retired);
    if (fallback) choices[`${group.id}.${fallback.id}`] = DEFAULT_WEIGHT;
    sources.set(group.id, 'catalog-default');
  }
  return { popularity: { choices, emptyGroups }, sources };
}
