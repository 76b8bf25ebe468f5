/**
 * The recommendations of a `configure` answer, as its groups carry them: every open group gets
 * `recommended` (a choice the answer marks available or forced, never a dead end), with where it
 * comes from and how many orders that source learned from. Pure.
 */
import type { CompiledCatalog, ConfigureAnswer } from '#engine/index';
import { recommend, type RecommendationSource, type RecommendOptions, type StatsBundle } from './recommend.ts';

/** What a group of the answer says about its recommended choice. */
export interface RecommendedChoice {
  choice: string;
  source: RecommendationSource;
  /** Share of the source's vote the choice got among the group's possible selections (0 for a catalog default). */
  confidence: number;
  /** Orders the source learned from (0 for a catalog default). */
  orders: number;
}

type AnswerGroup = ConfigureAnswer['groups'][number];

/**
 * The answer's groups, each open one with its `recommended` choice. `picks` are the picks the
 * caller configured; when the answer is not valid its states describe the repaired picks, and
 * those are what the recommendation continues from.
 */
export function recommendedChoices(
  statistics: StatsBundle,
  compiled: CompiledCatalog,
  picks: readonly string[],
  answer: Pick<ConfigureAnswer, 'groups' | 'valid' | 'repair'>,
  options: RecommendOptions = {},
): (AnswerGroup & { recommended?: RecommendedChoice })[] {
  const described = answer.valid ? picks : answer.repair?.picks;
  if (!described) return answer.groups;
  const recommendations = recommend(statistics, compiled, described, answer, options);
  return answer.groups.map((group) => {
    const r = recommendations.get(group.id);
    if (!r) return group;
    const orders = r.source === 'catalog-default' ? 0 : (statistics[r.source]?.orders ?? 0);
    return { ...group, recommended: { choice: r.choice, source: r.source, confidence: Math.round(r.confidence * 1000) / 1000, orders } };
  });
}
