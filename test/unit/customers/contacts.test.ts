/**
 * Contacts: which calls count as the customer's contact, which questions a contact offers, the
 * cadence per tier, and (property) that a contact never offers more than two questions, wherever
 * they are shown (profile, configurator, answering).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#core/caller';
import {
  CONTACT_MINUTES,
  contactQuestions,
  isCustomerFacing,
  runningContactQuestions,
  type Contact,
  type ContactRecord,
} from '#customers/contacts';
import { DEFAULT_TIER_PERKS } from '#customers/tier-settings';
import { QUESTIONS } from '#customers/questions';

const T0 = new Date('2026-06-01T09:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const ids = (questions: { id: string }[]) => questions.map((q) => q.id);

interface State {
  answers: Record<string, string | null>;
  lastAskedQuestions: string[];
  doNotProfile: boolean;
  lastContactAt?: string;
  lastAskedAt?: string;
}
const fresh = (): State => ({ answers: {}, lastAskedQuestions: [], doNotProfile: false });
const apply = (state: State, record: ContactRecord | undefined): State => ({ ...state, ...record });

describe('isCustomerFacing', () => {
  it("counts the customer's own calls and a partner's in front of the customer, never an admin's", () => {
    // Prepare
    const customer: CallerIdentity = { kind: 'customer', tenantId: 'house', customerId: 'c1' };
    const partner: CallerIdentity = { kind: 'partner', tenantId: 'p1', partnerId: 'p1' };
    const admin: CallerIdentity = { kind: 'admin' };
    // Act
    const matrix = [customer, partner, admin].map((caller) => [isCustomerFacing(caller, false), isCustomerFacing(caller, true)]);
    // Assess
    expect(matrix).toEqual([
      [true, true],
      [false, true],
      [false, false],
    ]);
  });
});

describe('contactQuestions', () => {
  const silver: Contact = { at: T0, questionEveryDays: 7 };

  it('starts a contact with the next two questions and records them', () => {
    // Act
    const offered = contactQuestions(fresh(), silver);
    // Assess
    expect(ids(offered.questions)).toEqual(ids(QUESTIONS.slice(0, 2)));
    expect(offered.record).toEqual({
      lastContactAt: T0.toISOString(),
      lastAskedAt: T0.toISOString(),
      lastAskedQuestions: ids(QUESTIONS.slice(0, 2)),
    });
  });

  it('offers the same questions, less those answered, all through the contact, recording nothing', () => {
    // Prepare
    const started = apply(fresh(), contactQuestions(fresh(), silver).record);
    const answered = { ...started, answers: { [QUESTIONS[0]!.id]: null } };
    // Act
    const later = contactQuestions(answered, { ...silver, at: at((CONTACT_MINUTES - 1) * MINUTE) });
    const shownElsewhere = runningContactQuestions(answered, at(5 * MINUTE));
    // Assess
    expect(ids(later.questions)).toEqual([QUESTIONS[1]!.id]);
    expect(later.record).toBeUndefined();
    expect(ids(shownElsewhere)).toEqual([QUESTIONS[1]!.id]);
  });

  it('asks nothing at a new contact before the tier is due, and other questions once it is', () => {
    // Prepare
    const started = apply(fresh(), contactQuestions(fresh(), silver).record);
    // Act
    const nextDay = contactQuestions(started, { ...silver, at: at(DAY) });
    const nextWeek = contactQuestions(apply(started, nextDay.record), { ...silver, at: at(7 * DAY) });
    // Assess
    expect(nextDay.questions).toEqual([]);
    expect(nextDay.record).toEqual({ lastContactAt: at(DAY).toISOString() });
    expect(ids(nextWeek.questions)).toEqual(ids(QUESTIONS.slice(2, 4)));
  });

  it('shows nothing of a contact that is over, or that offered no questions, to a call that is not a contact', () => {
    // Prepare
    const started = apply(fresh(), contactQuestions(fresh(), silver).record);
    const silent = apply(started, contactQuestions(started, { ...silver, at: at(DAY) }).record);
    // Act + Assess
    expect(runningContactQuestions(started, at(CONTACT_MINUTES * MINUTE))).toEqual([]);
    expect(runningContactQuestions(silent, at(DAY + MINUTE))).toEqual([]);
    expect(runningContactQuestions(fresh(), T0)).toEqual([]);
  });

  it('asks Gold customers more often than Silver, and Silver more often than Bronze (default cadence)', () => {
    // Prepare: a contact every day for 90 days, nobody answers.
    const contactsWithQuestions = (questionEveryDays: number) => {
      let state = fresh();
      let asked = 0;
      for (let day = 0; day < 90; day++) {
        const offered = contactQuestions(state, { at: at(day * DAY), questionEveryDays });
        if (offered.questions.length) asked++;
        state = apply(state, offered.record);
      }
      return asked;
    };
    // Act
    const counts = (['A', 'B', 'C'] as const).map((tier) => contactsWithQuestions(DEFAULT_TIER_PERKS[tier].questionEveryDays));
    // Assess
    expect(counts).toEqual([90, 13, 3]);
  });

  it('never offers more than two questions in one contact, wherever they are shown (property)', () => {
    const step = fc.record({
      waitMinutes: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20 * 24 * 60 })),
      kind: fc.constantFrom('view', 'configure', 'answer'),
      skip: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.constantFrom(0, 1, 7, 30), (steps, questionEveryDays) => {
        // Prepare
        let state = fresh();
        let now = T0.getTime();
        const shown = new Map<string, Set<string>>();
        let pending = new Set<string>();
        const show = (contactStart: string | undefined, questions: { id: string }[]) => {
          if (contactStart === undefined) for (const q of questions) pending.add(q.id);
          else {
            const set = shown.get(contactStart) ?? new Set<string>();
            for (const q of questions) set.add(q.id);
            shown.set(contactStart, set);
          }
        };
        // Act: a customer visiting now and then; configurator calls record nothing.
        for (const { waitMinutes, kind, skip } of steps) {
          now += waitMinutes * MINUTE;
          const contact = { at: new Date(now), questionEveryDays };
          const offered = contactQuestions(state, contact);
          if (kind === 'configure') {
            // Within a running contact it is that contact's; else the next recorded contact's.
            show(offered.record ? undefined : state.lastContactAt, offered.questions);
            continue;
          }
          state = apply(state, offered.record);
          show(
            state.lastContactAt,
            [...pending].map((id) => ({ id })),
          );
          pending = new Set();
          show(state.lastContactAt, offered.questions);
          if (kind === 'answer' && offered.questions.length) {
            state = { ...state, answers: { ...state.answers, [offered.questions[0]!.id]: skip ? null : 'x' } };
            show(state.lastContactAt, runningContactQuestions(state, contact.at));
          }
        }
        // Assess
        for (const [start, questions] of shown) expect(questions.size, start).toBeLessThanOrEqual(2);
        expect(pending.size).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });
});
