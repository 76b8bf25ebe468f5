/** Drip questions: which questions a contact offers, and which answers are accepted. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUESTIONS, findQuestion, needQuestions, openQuestions, validateAnswers, type ChoiceQuestion } from '#customers/questions';

const ids = (questions: { id: string }[]) => questions.map((question) => question.id);
const catalogIds = QUESTIONS.map((question) => question.id);
const fresh = { answers: {}, lastAskedQuestions: [], doNotProfile: false };
const firstChoice = QUESTIONS.find((question): question is ChoiceQuestion => question.kind === 'choice')!;

describe('the question catalog', () => {
  it('has 6 to 8 questions with unique ids, and choices with unique option values', () => {
    // Prepare
    const choiceQuestions = QUESTIONS.filter((question): question is ChoiceQuestion => question.kind === 'choice');
    // Act
    const uniqueIds = new Set(catalogIds);
    // Assess
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(6);
    expect(QUESTIONS.length).toBeLessThanOrEqual(8);
    expect(uniqueIds.size).toBe(QUESTIONS.length);
    for (const question of choiceQuestions) {
      expect(question.options.length, question.id).toBeGreaterThanOrEqual(2);
      expect(new Set(question.options.map((option) => option.value)).size, question.id).toBe(question.options.length);
    }
    expect(findQuestion('main-use')?.text).toMatch(/\?$/);
    expect(findQuestion('no-such-question')).toBeUndefined();
  });
});

describe('openQuestions', () => {
  it('offers the first two questions of the catalog to a new customer', () => {
    // Act
    const offered = openQuestions(fresh);
    // Assess
    expect(ids(offered)).toEqual(catalogIds.slice(0, 2));
  });

  it('offers nothing to a customer who asked not to be profiled', () => {
    // Act
    const offered = openQuestions({ ...fresh, doNotProfile: true });
    // Assess
    expect(offered).toEqual([]);
  });

  it('leaves out answered and skipped questions, and ignores answers to unknown ids', () => {
    // Prepare
    const answers = { [catalogIds[0]!]: 'office', [catalogIds[1]!]: null, retired: 'x' };
    // Act
    const offered = openQuestions({ ...fresh, answers });
    // Assess
    expect(ids(offered)).toEqual(catalogIds.slice(2, 4));
  });

  it('does not repeat the previous contact’s questions while others are open, even if that offers fewer', () => {
    // Prepare: everything answered except the first three; the first two were offered last time.
    const answers = Object.fromEntries(catalogIds.slice(3).map((id) => [id, null]));
    // Act
    const offered = openQuestions({ answers, lastAskedQuestions: catalogIds.slice(0, 2), doNotProfile: false });
    // Assess
    expect(ids(offered)).toEqual([catalogIds[2]]);
  });

  it('offers the previous contact’s questions again when nothing else is open', () => {
    // Prepare
    const answers = Object.fromEntries(catalogIds.slice(1).map((id) => [id, 'x']));
    // Act
    const offered = openQuestions({ answers, lastAskedQuestions: [catalogIds[0]!], doNotProfile: false });
    // Assess
    expect(ids(offered)).toEqual([catalogIds[0]]);
  });

  it('respects max, and offers nothing for a max of 0 or less', () => {
    // Act
    const three = openQuestions(fresh, 3);
    const none = openQuestions(fresh, 0);
    const negative = openQuestions(fresh, -1);
    // Assess
    expect(ids(three)).toEqual(catalogIds.slice(0, 3));
    expect(none).toEqual([]);
    expect(negative).toEqual([]);
  });

  it('over many visits: at most 2, no question twice in a row unless nothing else is open, answered and skipped ones never come back (property)', () => {
    // What the customer does with each offered question at one visit.
    const reaction = fc.constantFrom('answer', 'skip', 'ignore');
    const visit = fc.record({ reactions: fc.array(reaction, { minLength: 2, maxLength: 2 }), doNotProfile: fc.boolean() });
    fc.assert(
      fc.property(fc.array(visit, { minLength: 1, maxLength: 30 }), (visits) => {
        // Prepare
        const answers: Record<string, string | null> = {};
        let lastAskedQuestions: string[] = [];
        for (const { reactions, doNotProfile } of visits) {
          // Act
          const offered = ids(openQuestions({ answers, lastAskedQuestions, doNotProfile }));
          // Assess
          const openBefore = catalogIds.filter((id) => !Object.hasOwn(answers, id));
          const repeated = offered.filter((id) => lastAskedQuestions.includes(id));
          expect(offered.length).toBeLessThanOrEqual(2);
          if (doNotProfile) expect(offered).toEqual([]);
          for (const id of offered) expect(Object.hasOwn(answers, id), `${id} was answered or skipped`).toBe(false);
          if (repeated.length > 0)
            expect(
              openBefore.every((id) => lastAskedQuestions.includes(id)),
              `${repeated} came twice in a row`,
            ).toBe(true);
          expect(offered).toEqual(catalogIds.filter((id) => offered.includes(id)));
          if (!doNotProfile)
            expect(offered.length).toBe(
              Math.min(2, openBefore.filter((id) => !lastAskedQuestions.includes(id)).length || openBefore.length),
            );
          // The customer reacts; the contact records what it offered.
          offered.forEach((id, index) => {
            if (reactions[index] === 'answer') answers[id] = 'x';
            else if (reactions[index] === 'skip') answers[id] = null;
          });
          lastAskedQuestions = offered;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('validateAnswers', () => {
  it('accepts option values, skips and free text', () => {
    // Prepare
    const answers = { [firstChoice.id]: firstChoice.options[0]!.value, 'company-size': null, industry: 'Printing and publishing' };
    // Act
    const findings = validateAnswers(answers);
    // Assess
    expect(findings).toEqual([]);
  });

  it('rejects an unknown question id and an answer that is not one of the options, each at its path', () => {
    // Prepare
    const answers = { 'favourite-colour': 'blue', [firstChoice.id]: 'not-an-option', 'delivery-window': 'Morning' };
    // Act
    const findings = validateAnswers(answers);
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ path: ['answers', 'favourite-colour'], code: 'unknown-question' }),
      expect.objectContaining({ path: ['answers', firstChoice.id], code: 'unknown-option' }),
      expect.objectContaining({ path: ['answers', 'delivery-window'], code: 'unknown-option' }),
    ]);
    expect(findings[1]!.message).toContain(`'${firstChoice.options[0]!.value}'`);
  });

  it('accepts exactly the option values of every choice question (property)', () => {
    // Prepare
    const choiceQuestions = QUESTIONS.filter((question): question is ChoiceQuestion => question.kind === 'choice');
    fc.assert(
      fc.property(fc.constantFrom(...choiceQuestions), fc.string({ minLength: 1, maxLength: 20 }), (question, answer) => {
        // Act
        const findings = validateAnswers({ [question.id]: answer });
        // Assess
        const isOption = question.options.some((option) => option.value === answer);
        expect(findings.length).toBe(isOption ? 0 : 1);
        expect(validateAnswers({ [question.id]: question.options[0]!.value })).toEqual([]);
      }),
    );
  });
});

describe('need questions', () => {
  const laptopNeeds = needQuestions('laptop-x1', {
    needs: [
      {
        id: 'use',
        question: 'What will you mostly do?',
        answers: [
          { id: 'office', label: 'Office work' },
          { id: 'video', label: 'Photo and video' },
        ],
      },
      { id: 'travel', question: 'Where will it go?', answers: [{ id: 'desk', label: 'It stays on a desk' }] },
    ],
  } as never);
  const allProfileAnswered = { ...fresh, answers: Object.fromEntries(catalogIds.map((id) => [id, null])) };

  it('follow the profile questions, still at most two per contact, as choice questions naming their need', () => {
    // Act
    const early = openQuestions(fresh, 2, laptopNeeds);
    const late = openQuestions(allProfileAnswered, 2, laptopNeeds);
    // Assess
    expect(ids(early)).toEqual(catalogIds.slice(0, 2));
    expect(ids(late)).toEqual(['needs_laptop-x1_use', 'needs_laptop-x1_travel']);
    expect(late[0]).toMatchObject({
      kind: 'choice',
      need: { productId: 'laptop-x1', needId: 'use' },
      options: [{ value: 'office' }, { value: 'video' }],
    });
  });

  it('are not offered once the profile keeps an answer, nor to a customer who asked not to be profiled', () => {
    // Act
    const answered = openQuestions({ ...allProfileAnswered, needs: { 'laptop-x1': { use: 'video' } } }, 2, laptopNeeds);
    const optedOut = openQuestions({ ...allProfileAnswered, doNotProfile: true }, 2, laptopNeeds);
    // Assess
    expect(ids(answered)).toEqual(['needs_laptop-x1_travel']);
    expect(optedOut).toEqual([]);
  });

  it('accept their answers like any question, and refuse one the need does not have', () => {
    // Act
    const findings = validateAnswers({ 'needs_laptop-x1_use': 'video', 'needs_laptop-x1_travel': 'moon' }, laptopNeeds);
    // Assess
    expect(findings).toEqual([expect.objectContaining({ path: ['answers', 'needs_laptop-x1_travel'], code: 'unknown-option' })]);
  });
});
