/**
 * Contacts: which calls are the customer's contact with us, and which drip questions a contact
 * offers. Pure.
 *
 * A call is **customer-facing** when the customer makes it themself (their page, signed in), or
 * when a partner makes it in front of the customer and says so (`X-Customer-Present: true`). Only
 * those move the drip questions on and the last touchpoint; an admin's or a partner's back-office
 * call (reading a profile, placing an order from a form) leaves both as they were.
 *
 * A **contact** starts at the first customer-facing call that records it (reading the profile,
 * answering questions) and lasts {@link CONTACT_MINUTES}; every customer-facing call within it
 * (the profile, the configurator) offers the same questions, less those answered meanwhile, so
 * a contact never offers more than two in all. A new contact offers questions only when the
 * customer's tier is due (`questionEveryDays` of the tier's perks since questions were last
 * offered; 0: every contact); a configurator call outside a recorded contact offers what the
 * next contact will record (the same profile gives the same questions), and records nothing.
 *
 * Need questions: the catalog of the product the customer last touched (their last touchpoint)
 * adds its need questions after the profile questions (`needQuestionsOf`), so every call about
 * the same profile draws from the same list, still at most two per contact.
 */
import type { CallerIdentity } from '#core/caller';
import type { CatalogDocument, Tier } from '#core/catalog-document';
import { NotFoundError } from '#core/errors';
import type { CustomerProfile } from './profile.ts';
import { DEFAULT_QUESTIONS_PER_CONTACT, isAnswered, needQuestions, openQuestions, QUESTIONS, type Question } from './questions.ts';

/** How long one contact lasts from its start. */
export const CONTACT_MINUTES = 30;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A customer-facing call: when it happens, and how often the customer's tier is asked questions. */
export interface Contact {
  at: Date;
  /** At most one contact with questions every this many days (0: every contact). */
  questionEveryDays: number;
}

/** The fields a contact records on the profile. */
export type ContactRecord = Partial<Pick<CustomerProfile, 'lastContactAt' | 'lastAskedAt' | 'lastAskedQuestions'>>;

type ContactState = Pick<CustomerProfile, 'answers' | 'lastAskedQuestions' | 'doNotProfile' | 'lastContactAt' | 'lastAskedAt' | 'needs'>;

/** Whether a call counts as the customer's contact: their own, or a partner's in front of them. */
export function isCustomerFacing(caller: CallerIdentity, customerPresent: boolean): boolean {
  return caller.kind === 'customer' || (caller.kind === 'partner' && customerPresent);
}

/**
 * The contact of a call about `profile`, or `undefined` when the call is not customer-facing;
 * `cadence` gives the question cadence of the customer's tier in their tenant.
 */
export async function contactOf(
  caller: CallerIdentity,
  customerPresent: boolean,
  profile: Pick<CustomerProfile, 'tenantId' | 'tier'>,
  cadence: (tenantId: string, tier: Tier) => Promise<number>,
  now: Date,
): Promise<Contact | undefined> {
  if (!isCustomerFacing(caller, customerPresent)) return undefined;
  return { at: now, questionEveryDays: await cadence(profile.tenantId, profile.tier) };
}

/** The recorded contact still running at `now`, if any. */
function runningContact(profile: ContactState, now: Date): boolean {
  const started = profile.lastContactAt ? Date.parse(profile.lastContactAt) : Number.NaN;
  return !Number.isNaN(started) && now.getTime() >= started && now.getTime() - started < CONTACT_MINUTES * MINUTE_MS;
}

/**
 * The questions of the contact running at `now` that are still open: what a call that is not
 * customer-facing shows (it starts no contact). None when no contact is running.
 */
export function runningContactQuestions(profile: ContactState, now: Date, needs: readonly Question[] = []): Question[] {
  if (profile.doNotProfile || !runningContact(profile, now) || profile.lastAskedAt !== profile.lastContactAt) return [];
  const asked = new Set(profile.lastAskedQuestions);
  return [...QUESTIONS, ...needs].filter((q) => asked.has(q.id) && !isAnswered(profile, q));
}

/**
 * The questions a customer-facing call offers, and what to record (when it starts a contact):
 * within a running contact its questions still open, recording nothing; else a new contact,
 * with the next questions ({@link openQuestions}) if the tier is due, none otherwise.
 */
export function contactQuestions(
  profile: ContactState,
  contact: Contact,
  max = DEFAULT_QUESTIONS_PER_CONTACT,
  needs: readonly Question[] = [],
): { questions: Question[]; record?: ContactRecord } {
  if (runningContact(profile, contact.at)) return { questions: runningContactQuestions(profile, contact.at, needs) };
  const at = contact.at.toISOString();
  const lastAsked = profile.lastAskedAt ? Date.parse(profile.lastAskedAt) : Number.NaN;
  const due = Number.isNaN(lastAsked) || contact.at.getTime() - lastAsked >= contact.questionEveryDays * DAY_MS;
  const questions = due ? openQuestions(profile, max, needs) : [];
  if (!questions.length) return { questions, record: { lastContactAt: at } };
  return { questions, record: { lastContactAt: at, lastAskedAt: at, lastAskedQuestions: questions.map((q) => q.id) } };
}

/**
 * The need questions a profile's contacts draw from: those of the catalog of the product of the
 * customer's last touchpoint (none without one, or when that product is no longer published).
 */
export async function needQuestionsOf(
  profile: Pick<CustomerProfile, 'lastTouchpoint' | 'doNotProfile'>,
  catalog: (productId: string) => Promise<{ compiled: { doc: Pick<CatalogDocument, 'needs'> } }>,
): Promise<Question[]> {
  const productId = profile.lastTouchpoint?.productId;
  if (!productId || profile.doNotProfile) return [];
  try {
    return needQuestions(productId, (await catalog(productId)).compiled.doc);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}
