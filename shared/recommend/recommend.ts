/**
 * Recommended choices for the open groups of a configuration: the model's vote (model.ts) over
 * the choices the engine still allows, taken from the customer's own orders first, then their
 * segment's, then everyone's, and the catalog default when there is nothing to learn from.
 *
 * The k-customer floor: other customers' orders (a segment's, everyone's) speak only for
 * selections at least `minCustomers` distinct customers ordered (stats.ts counts them), and only
 * once at least that many customers are behind the statistics at all. A selection fewer ordered
 * is not a candidate of that source; a group with no candidate left falls to the next source,
 * then to the catalog default. So no recommendation from other customers can be traced to fewer
 * than k of them: a new customer never opens on one person's build.
 */
import type { CompiledCatalog, ConfigureAnswer } from '#engine/index';
import { DEFAULT_MIN_CUSTOMERS } from './customer-floor.ts';
import { RevealSession } from './model.ts';
import { customersBehind, customersWith, selectionOf, type RecommendStats } from './stats.ts';

export type RecommendationSource = 'customer' | 'segment' | 'everyone' | 'catalog-default';

export interface Recommendation {
  /** A choice id of the group, always one the answer marks `available` or `forced`. */
  choice: string;
  source: RecommendationSource;
  /** Share of the vote (0..1) the choice got among the group's possible selections; 0 for catalog defaults. */
  confidence: number;
}

/** The statistics that may speak for this caller; any of them may be missing. */
export interface StatsBundle {
  everyone?: RecommendStats | null;
  /** Customers like this one (same tier or segment). */
  segment?: RecommendStats | null;
  /** This customer's own orders. */
  customer?: RecommendStats | null;
}

export interface RecommendOptions {
  /** The customer asked not to be profiled: their own statistics are never read. */
  doNotProfile?: boolean;
  /** A segment speaks only once it has this many orders (default 20); below, everyone speaks. */
  minSegmentOrders?: number;
  /**
   * The k-customer floor (default {@link DEFAULT_MIN_CUSTOMERS}): a selection recommended from
   * other customers' orders needs at least this many distinct customers who ordered it.
   */
  minCustomers?: number;
}

/** The part of the engine's answer the recommendation reads. */
export type AnswerStates = Pick<ConfigureAnswer, 'groups'>;

/**
 * One reveal session per source, made when a source first speaks and given the picks' selection
 * once: every group asked of the same source reuses it.
 */
export function revealedSessions(
  selection: ReturnType<typeof selectionOf>,
): (source: RecommendationSource, stats: RecommendStats) => RevealSession {
  const sessions = new Map<RecommendationSource, RevealSession>();
  return (source, stats) => {
    let session = sessions.get(source);
    if (!session) {
      session = new RevealSession(stats);
      for (const [group, value] of selection) session.reveal(group, value);
      sessions.set(source, session);
    }
    return session;
  };
}

/**
 * The statistics that may speak for this caller, in the order they are asked: the customer's
 * own orders (unless they asked not to be profiled), their segment's once it has enough orders
 * and customers, everyone's once at least k customers are behind them.
 */
export function speakersOf(stats: StatsBundle, options: RecommendOptions = {}): { source: RecommendationSource; stats: RecommendStats }[] {
  const minSegment = options.minSegmentOrders ?? 20;
  const k = options.minCustomers ?? DEFAULT_MIN_CUSTOMERS;
  const speakers: { source: RecommendationSource; stats: RecommendStats }[] = [];
  if (!options.doNotProfile && stats.customer && stats.customer.orders > 0) speakers.push({ source: 'customer', stats: stats.customer });
  if (stats.segment && stats.segment.orders >= minSegment && customersBehind(stats.segment) >= k)
    speakers.push({ source: 'segment', stats: stats.segment });
  if (stats.everyone && stats.everyone.orders > 0 && customersBehind(stats.everyone) >= k)
    speakers.push({ source: 'everyone', stats: stats.everyone });
  return speakers;
}

/**
 * For every open group (nothing selected yet, some choice still possible), the recommended
 * choice among those the engine's answer marks `available` or `forced` (a forced choice is the
 * only candidate). An optional group whose most likely selection is "nothing" gets no entry:
 * leaving it empty is the recommendation. `picks` are the picks the answer describes: when the
 * answer is not valid, its states are those of the repaired picks, so pass `answer.repair.picks`.
 */
export function recommend(
  stats: StatsBundle,
  compiled: CompiledCatalog,
  picks: readonly string[],
  answer: AnswerStates,
  options: RecommendOptions = {},
): Map<string, Recommendation> {
  const k = options.minCustomers ?? DEFAULT_MIN_CUSTOMERS;
  const speakers = speakersOf(stats, options);

  const selection = selectionOf(picks);
  const sessionFor = revealedSessions(selection);

  const out = new Map<string, Recommendation>();
  const groupDocs = new Map(compiled.doc.groups.map((g) => [g.id, g]));
  for (const group of answer.groups) {
    if (group.choices.some((c) => c.state === 'selected')) continue;
    const forced = group.choices.filter((c) => c.state === 'forced').map((c) => c.id);
    const open = forced.length > 0 ? forced : group.choices.filter((c) => c.state === 'available').map((c) => c.id);
    if (open.length === 0) continue;
    const candidates = forced.length === 0 && group.emptyAllowed ? [...open, ''] : open;
    let done = false;
    for (const { source, stats: s } of speakers) {
      // Other customers speak only for what at least k of them ordered; the customer's own orders are theirs.
      const speakable = source === 'customer' ? candidates : candidates.filter((value) => customersWith(s, group.id, value) >= k);
      if (speakable.length === 0) continue;
      const scores = sessionFor(source, s).scores(group.id, speakable);
      let best = -1;
      let sum = 0;
      scores.forEach((x, i) => {
        sum += x;
        if (best < 0 || x > scores[best]!) best = i;
      });
      if (best < 0 || scores[best]! <= 0) continue; // this speaker never saw any of the candidates
      done = true;
      if (speakable[best] !== '') out.set(group.id, { choice: speakable[best]!, source, confidence: scores[best]! / sum });
      break;
    }
    if (done) continue;
    const doc = groupDocs.get(group.id);
    const fallback = doc?.choices.find((c) => c.default && open.includes(c.id))?.id ?? open[0]!;
    out.set(group.id, { choice: fallback, source: 'catalog-default', confidence: 0 });
  }
  return out;
}
