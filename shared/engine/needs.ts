/**
 * Stated needs: the customer's answers to the catalog's need questions, as evidence. An answer
 * to a question with a variable (one its `require` lists or a resource rule's `when` depend
 * on) becomes unary evidence on that variable, applied like the tier's restrictions: always.
 * Answers also switch on the resource rules whose `when` names them, and carry `prefer`
 * weights for the goal `needs` of `complete`.
 */
import type { CompiledCatalog } from './compiled.ts';
import { InvalidOptionsError, type OptionFinding } from './errors.ts';
import { choiceLabel, listLabels } from './explain.ts';

/** One stated answer. */
export interface StatedAnswer {
  /** Index in `model.needs`. */
  readonly need: number;
  /** Index in the need's answers. */
  readonly answer: number;
}

/** The stated needs of one request. */
export interface StatedNeeds {
  readonly answers: readonly StatedAnswer[];
  /** Rule indexes of the resource rules these answers switch on. */
  readonly active: ReadonlySet<number>;
  /** Stable text naming the answers, for caches. */
  readonly key: string;
}

export const NO_NEEDS: StatedNeeds = { answers: [], active: new Set(), key: '' };

/**
 * Reads the stated needs (answer id by need id) against the catalog. An unknown need, an
 * unknown answer or an answer that is not a string throws InvalidOptionsError with every finding.
 */
export function parseNeeds(compiled: CompiledCatalog, stated: Readonly<Record<string, unknown>> | undefined): StatedNeeds {
  if (stated === undefined) return NO_NEEDS;
  const { model } = compiled;
  const findings: OptionFinding[] = [];
  const answers: StatedAnswer[] = [];
  for (const [needId, answerId] of Object.entries(stated)) {
    const need = model.needIndex.get(needId);
    if (need === undefined) {
      findings.push({ path: ['needs', needId], problem: `unknown need "${needId}"` });
      continue;
    }
    const answer = typeof answerId === 'string' ? model.needs[need]!.answerIndex.get(answerId) : undefined;
    if (answer === undefined) {
      findings.push({
        path: ['needs', needId],
        problem: typeof answerId === 'string' ? `need "${needId}" has no answer "${answerId}"` : 'an answer is an answer id (a string)',
      });
      continue;
    }
    answers.push({ need, answer });
  }
  if (findings.length > 0) throw new InvalidOptionsError(findings);
  answers.sort((a, b) => a.need - b.need);
  const active = new Set<number>();
  for (const r of model.resources) {
    if (r.whenNeed >= 0 && answers.some((a) => a.need === r.whenNeed && r.whenAnswers.includes(a.answer))) active.add(r.rule);
  }
  return { answers, active, key: answers.map((a) => `${a.need}=${a.answer}`).join(',') };
}

/** The evidence of stated needs: per variable, the allowed values (null elsewhere). */
export function needMasks(compiled: CompiledCatalog, needs: StatedNeeds): (Uint8Array | null)[] {
  const { model } = compiled;
  const masks: (Uint8Array | null)[] = new Array(model.vars.length).fill(null);
  for (const { need, answer } of needs.answers) {
    const variable = model.needs[need]!.variable;
    if (variable < 0) continue;
    const mask = new Uint8Array(model.vars[variable]!.domain);
    mask[answer] = 1;
    masks[variable] = mask;
  }
  return masks;
}

/** `Photo and video` for a stated answer. */
export function answerLabel(compiled: CompiledCatalog, stated: StatedAnswer): string {
  return compiled.model.needs[stated.need]!.need.answers[stated.answer]!.label;
}

/** The rule id a stated need's reasons carry: `need:<need id>`. */
export function needRuleId(compiled: CompiledCatalog, stated: StatedAnswer): string {
  return `need:${compiled.model.needs[stated.need]!.id}`;
}

/** Plain words for what a stated answer demands: `you said "Photo and video", which needs A or B`. */
export function needMessage(compiled: CompiledCatalog, stated: StatedAnswer): string {
  const need = compiled.model.needs[stated.need]!;
  const require = need.require[stated.answer];
  const said = `you said "${answerLabel(compiled, stated)}"`;
  if (require && require.length > 0)
    return `${said}, which needs ${listLabels(
      [...require].map((c) => choiceLabel(compiled, c)),
      'or',
    )}`;
  if (require) return `${said}, which no choice of this catalog can meet`;
  return said;
}
