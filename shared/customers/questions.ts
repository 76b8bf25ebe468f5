/**
 * Drip questions: a short catalog of profile questions, asked at most two at a time, so that a
 * customer's profile fills in over several visits instead of through one long form.
 *
 * Pure: no I/O. The caller stores what was offered in `lastAskedQuestions` after each contact,
 * and the customer's answers (or skips, `null`) in `answers`.
 */
import type { CatalogDocument } from '#core/catalog-document';
import type { Finding } from '#core/errors';
import type { CustomerProfile } from './profile.ts';

/** One allowed answer of a choice question: `value` is what is stored, `label` what is shown. */
export interface QuestionOption {
  value: string;
  label: string;
}

/** A question answered by picking one of its options. */
export interface ChoiceQuestion {
  id: string;
  text: string;
  kind: 'choice';
  options: readonly QuestionOption[];
  /**
   * A catalog's need question ("What will you mostly do?"), id `needs_<productId>_<needId>`:
   * answered like any question (`answers`, the answer then kept in the profile's needs for the
   * product) or directly in `needs: { [productId]: { [needId]: value } }`; skipped with `null`.
   */
  need?: { productId: string; needId: string };
}

/** A question answered in the customer's own words (at most 200 characters, see `AnswerSchema`). */
export interface TextQuestion {
  id: string;
  text: string;
  kind: 'text';
}

export type Question = ChoiceQuestion | TextQuestion;

/** How many questions one contact offers at most. */
export const DEFAULT_QUESTIONS_PER_CONTACT = 2;

/**
 * The profile questions, in the order they are asked: the ones that help most with the next
 * order first. Question ids and option values are stored in profiles: never rename one, add a
 * new one instead.
 */
export const QUESTIONS: readonly Question[] = [
  {
    id: 'main-use',
    text: 'What will you mostly use your equipment for?',
    kind: 'choice',
    options: [
      { value: 'office', label: 'Office work' },
      { value: 'creative', label: 'Design, photo or video' },
      { value: 'engineering', label: 'Engineering or software development' },
      { value: 'field', label: 'Out in the field' },
      { value: 'education', label: 'Teaching or studying' },
      { value: 'other', label: 'Something else' },
    ],
  },
  {
    id: 'company-size',
    text: 'How many people work in your company?',
    kind: 'choice',
    options: [
      { value: 'just-me', label: 'Just me' },
      { value: '2-10', label: '2 to 10' },
      { value: '11-50', label: '11 to 50' },
      { value: '51-250', label: '51 to 250' },
      { value: 'over-250', label: 'More than 250' },
    ],
  },
  {
    id: 'delivery-window',
    text: 'When is the best time for us to deliver?',
    kind: 'choice',
    options: [
      { value: 'morning', label: 'Mornings' },
      { value: 'afternoon', label: 'Afternoons' },
      { value: 'evening', label: 'Evenings' },
      { value: 'any-time', label: 'Any time suits me' },
    ],
  },
  {
    id: 'budget-range',
    text: 'Roughly what budget do you plan for an order?',
    kind: 'choice',
    options: [
      { value: 'under-1000', label: 'Under 1,000' },
      { value: '1000-5000', label: '1,000 to 5,000' },
      { value: '5000-20000', label: '5,000 to 20,000' },
      { value: 'over-20000', label: 'More than 20,000' },
    ],
  },
  {
    id: 'renewal-cycle',
    text: 'How often do you usually renew your equipment?',
    kind: 'choice',
    options: [
      { value: 'every-year', label: 'Every year' },
      { value: 'every-2-3-years', label: 'Every 2 to 3 years' },
      { value: 'every-4-years-or-more', label: 'Every 4 years or less often' },
      { value: 'when-it-breaks', label: 'Only when something breaks' },
    ],
  },
  {
    id: 'contact-channel',
    text: 'How would you like us to get in touch with you?',
    kind: 'choice',
    options: [
      { value: 'email', label: 'By e-mail' },
      { value: 'phone', label: 'By phone' },
      { value: 'sms', label: 'By text message' },
      { value: 'post', label: 'By post' },
      { value: 'none', label: 'Please don’t contact me' },
    ],
  },
  {
    id: 'industry',
    text: 'Which industry do you work in?',
    kind: 'text',
  },
];

const QUESTIONS_BY_ID: ReadonlyMap<string, Question> = new Map(QUESTIONS.map((question) => [question.id, question]));

/** The question of that id, if the catalog has one. */
export function findQuestion(id: string): Question | undefined {
  return QUESTIONS_BY_ID.get(id);
}

/**
 * The need questions of a product's catalog as drip questions (the product the customer last
 * touched: see contacts.ts), in the catalog's order.
 */
export function needQuestions(productId: string, doc: Pick<CatalogDocument, 'needs'>): ChoiceQuestion[] {
  return (doc.needs ?? []).map((need) => ({
    id: `needs_${productId}_${need.id}`,
    text: need.question,
    kind: 'choice' as const,
    options: need.answers.map((a) => ({ value: a.id, label: a.label })),
    need: { productId, needId: need.id },
  }));
}

/** Whether the customer has answered (or skipped) a question: in `answers`, or a need question in their kept needs. */
export function isAnswered(profile: Pick<CustomerProfile, 'answers' | 'needs'>, question: Question): boolean {
  if (question.kind === 'choice' && question.need)
    return Object.hasOwn(profile.needs?.[question.need.productId] ?? {}, question.need.needId);
  return Object.hasOwn(profile.answers, question.id);
}

/**
 * The questions to offer at this contact, in catalog order (the profile questions, then the
 * product's need questions when given):
 *
 * - none when the customer asked not to be profiled (`doNotProfile`);
 * - only open questions: neither answered (a string) nor skipped (`null`);
 * - never one offered at the previous contact (`lastAskedQuestions`) while any other question is
 *   open, so the same question does not come twice in a row. When every open question was
 *   offered last time, those are offered again: they are all that is left to ask;
 * - at most `max` (default 2; a negative or fractional `max` counts as its floor, at least 0).
 *
 * Answers to ids that are not in the catalog (retired questions) are ignored.
 */
export function openQuestions(
  profile: Pick<CustomerProfile, 'answers' | 'lastAskedQuestions' | 'doNotProfile' | 'needs'>,
  max = DEFAULT_QUESTIONS_PER_CONTACT,
  needs: readonly Question[] = [],
): Question[] {
  const limit = Math.max(0, Math.floor(max));
  if (profile.doNotProfile || limit === 0) return [];
  const open = [...QUESTIONS, ...needs].filter((question) => !isAnswered(profile, question));
  const askedLastTime = new Set(profile.lastAskedQuestions);
  const notAskedLastTime = open.filter((question) => !askedLastTime.has(question.id));
  const candidates = notAskedLastTime.length > 0 ? notAskedLastTime : open;
  return candidates.slice(0, limit);
}

/**
 * Every problem with a set of answers (an empty list when all are acceptable), each at
 * `['answers', questionId]`: an id the catalog does not know, or a choice question's answer
 * that is not one of its option values. `null` (skipped) is acceptable for every known
 * question; a text question accepts any string (its length is checked by `AnswerSchema`).
 */
export function validateAnswers(answers: Record<string, string | null>, needs: readonly Question[] = []): Finding[] {
  const findings: Finding[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const question = findQuestion(id) ?? needs.find((q) => q.id === id);
    if (!question) {
      findings.push({ path: ['answers', id], code: 'unknown-question', message: `there is no question '${id}'` });
      continue;
    }
    if (answer === null || question.kind === 'text') continue;
    if (!question.options.some((option) => option.value === answer)) {
      findings.push({
        path: ['answers', id],
        code: 'unknown-option',
        message: `'${answer}' is not an answer to '${id}'; expected one of ${question.options.map((option) => `'${option.value}'`).join(', ')}`,
      });
    }
  }
  return findings;
}
