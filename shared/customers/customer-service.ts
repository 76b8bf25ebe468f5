/**
 * Customer use cases: create, read (with at most two drip questions per contact), change
 * preferences, sign in by e-mail (house customers), erase. Free of AWS and HTTP types.
 */
import { sha256Hex } from '#core/digest';
import { ForbiddenError, InvalidInputError, type Finding } from '#core/errors';
import type { CallerIdentity } from '#core/caller';
import { HOUSE_TENANT } from '#core/tenant';
import { contactQuestions, needQuestionsOf, runningContactQuestions, type Contact } from './contacts.ts';
import { validateAnswers, type Question } from './questions.ts';
import { checkKeptNeeds, mergeKeptNeeds, type CurrentCatalog } from './kept-needs.ts';
import type { CreationKey } from './ports.ts';
import { SERVICE_PREFERENCES, type CreateCustomerRequest, type CustomerProfile, type PreferencesPatch } from './profile.ts';

export interface CustomerStore {
  /** Creates a profile (and its sign-in e-mail, and the key it was created with), all or nothing. */
  create(profile: CustomerProfile, emailSha256?: string, key?: CreationKey): Promise<void>;
  /** The customer an Idempotency-Key created, if any. */
  createdWithKey?(tenantId: string, idempotencyKey: string): Promise<{ customerId: string; requestHash: string } | undefined>;
  get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined>;
  findByEmail(tenantId: string, emailSha256: string): Promise<string | undefined>;
  update(tenantId: string, customerId: string, fields: Partial<CustomerProfile>): Promise<CustomerProfile>;
  refreshRepeatOrders(
    tenantId: string,
    customerId: string,
    customer: { tier: CustomerProfile['tier']; preferences: Pick<CustomerProfile['preferences'], 'packaging' | 'invoice' | 'delivery'> },
  ): Promise<void>;
  erase(tenantId: string, customerId: string, emailSha256?: string): Promise<void>;
  /** Deletes the customer's own order statistics (recommendations), every product. */
  forgetPersonalStatistics(tenantId: string, customerId: string): Promise<void>;
}

/** The choices each service group offers across the published catalogs (to validate preferences). */
export type ServiceChoices = () => Promise<Map<string, Set<string>>>;

export function emailDigest(email: string): string {
  return sha256Hex(email.trim().toLowerCase());
}

function newProfile(customerId: string, tenantId: string, now: Date, request: CreateCustomerRequest): CustomerProfile {
  const { preferences, doNotProfile, ...contact } = request;
  return {
    ...contact,
    customerId,
    tenantId,
    createdAt: now.toISOString(),
    preferences: preferences ?? {},
    answers: {},
    lastAskedQuestions: [],
    doNotProfile: doNotProfile ?? false,
    tier: 'B',
    orderCount: 0,
    lifetimeValue: 0,
    recentOrders: [],
    mergedFrom: [],
  };
}

async function checkServicePreferences(
  patch: Partial<Record<(typeof SERVICE_PREFERENCES)[number], string | null | undefined>>,
  serviceChoices: ServiceChoices,
): Promise<Finding[]> {
  const wanted = SERVICE_PREFERENCES.filter((name) => typeof patch[name] === 'string');
  if (!wanted.length) return [];
  const offered = await serviceChoices();
  return wanted.flatMap((name) => {
    const choice = patch[name]!;
    if (offered.get(name)?.has(choice)) return [];
    const options = [...(offered.get(name) ?? [])];
    return [
      {
        path: ['preferences', name],
        code: 'unknown-choice',
        message: options.length
          ? `no catalog offers ${name} "${choice}"; choose one of ${options.join(', ')}`
          : `no catalog has a ${name} group`,
      },
    ];
  });
}

/** `POST /customers`: partners create customers of their tenant; admins create house customers. */
export async function createCustomer(
  store: CustomerStore,
  serviceChoices: ServiceChoices,
  caller: CallerIdentity,
  request: CreateCustomerRequest,
  customerId: string,
  now: Date,
  idempotencyKey?: string,
): Promise<CustomerProfile> {
  if (caller.kind === 'customer')
    throw new ForbiddenError('customers are created by partners and admins; sign in to create your own account');
  const tenantId = caller.kind === 'partner' ? caller.tenantId : HOUSE_TENANT;
  const key = idempotencyKey === undefined ? undefined : { idempotencyKey, requestHash: sha256Hex(JSON.stringify(request)) };
  // A retry with the same key and body is the customer the first request created, not a duplicate.
  const earlier = key && (await store.createdWithKey?.(tenantId, key.idempotencyKey));
  if (earlier) {
    if (earlier.requestHash !== key.requestHash)
      throw new InvalidInputError('this Idempotency-Key was used for a different customer', [
        { path: ['header', 'idempotency-key'], code: 'idempotency-key-reused', message: 'use a new key for a new customer' },
      ]);
    const existing = await store.get(tenantId, earlier.customerId);
    if (existing) return existing;
  }
  const findings = await checkServicePreferences(request.preferences ?? {}, serviceChoices);
  if (findings.length) throw new InvalidInputError('some preferences name choices no catalog offers', findings);
  const profile = newProfile(customerId, tenantId, now, request);
  await store.create(profile, undefined, key);
  return profile;
}

/** A house customer by e-mail, created at first sign-in. */
export async function signInByEmail(store: CustomerStore, email: string, newCustomerId: () => string, now: Date): Promise<CustomerProfile> {
  const digest = emailDigest(email);
  const existing = await store.findByEmail(HOUSE_TENANT, digest);
  if (existing) {
    const profile = await store.get(HOUSE_TENANT, existing);
    // A merged duplicate signs in as the record it was merged into.
    const kept = profile?.mergedInto ? await store.get(HOUSE_TENANT, profile.mergedInto) : profile;
    if (kept) return kept;
  }
  const profile = newProfile(newCustomerId(), HOUSE_TENANT, now, { email });
  await store.create(profile, digest);
  return profile;
}

/** What `GET /customers/{id}` shows. */
export interface CustomerView {
  customerId: string;
  tier: CustomerProfile['tier'];
  contact: Pick<CustomerProfile, 'name' | 'email' | 'phone' | 'company' | 'externalRef'>;
  preferences: CustomerProfile['preferences'];
  answers: CustomerProfile['answers'];
  /** Stated needs kept per product (product id → question id → answer id). */
  needs: NonNullable<CustomerProfile['needs']>;
  doNotProfile: boolean;
  /** At most two short questions for this contact. */
  questions: Question[];
  lastTouchpoint: CustomerProfile['lastTouchpoint'] | null;
  orders: { count: number; lastOrderAt: string | null };
  createdAt: string;
  /** The record this one was merged into, if any (its orders are listed there too). */
  mergedInto: string | null;
  mergedFrom: string[];
}

/**
 * Shows a customer. A customer-facing view (`contact`) is the customer's contact: it offers the
 * contact's questions and records a new contact (contacts.ts), so the next one offers others.
 * Any other view (an admin's, a partner's back office) changes nothing and shows the questions
 * of the contact running now, if any.
 */
export async function viewCustomer(
  store: CustomerStore,
  profile: CustomerProfile,
  contact?: Contact,
  now: Date = contact?.at ?? new Date(),
  catalogs?: CurrentCatalog,
): Promise<CustomerView> {
  let questions: Question[];
  const needs = catalogs ? await needQuestionsOf(profile, catalogs) : [];
  if (contact) {
    const offered = contactQuestions(profile, contact, undefined, needs);
    questions = offered.questions;
    if (offered.record) await store.update(profile.tenantId, profile.customerId, offered.record);
  } else questions = runningContactQuestions(profile, now, needs);
  return {
    customerId: profile.customerId,
    tier: profile.tier,
    contact: {
      ...(profile.name ? { name: profile.name } : {}),
      ...(profile.email ? { email: profile.email } : {}),
      ...(profile.phone ? { phone: profile.phone } : {}),
      ...(profile.company ? { company: profile.company } : {}),
      ...(profile.externalRef ? { externalRef: profile.externalRef } : {}),
    },
    preferences: profile.preferences,
    answers: profile.answers,
    needs: profile.needs ?? {},
    doNotProfile: profile.doNotProfile,
    questions,
    lastTouchpoint: profile.lastTouchpoint ?? null,
    orders: { count: profile.orderCount, lastOrderAt: profile.lastOrderAt ?? null },
    createdAt: profile.createdAt,
    mergedInto: profile.mergedInto ?? null,
    mergedFrom: profile.mergedFrom ?? [],
  };
}

/**
 * `PATCH /customers/{id}/preferences`: validated against the catalogs and the question list,
 * then stored. A customer-facing change (`contact`) is a contact: one that starts a new contact
 * records it with the change, from the profile as it was (the questions the customer was just
 * shown), so answering never brings a third question into the same contact.
 */
export async function updatePreferences(
  store: CustomerStore,
  serviceChoices: ServiceChoices,
  profile: CustomerProfile,
  patch: PreferencesPatch,
  contact?: Contact,
  catalogs?: CurrentCatalog,
): Promise<CustomerProfile> {
  const { answers: given, doNotProfile, needs: stated, ...preferences } = patch;
  if (stated && !catalogs) throw new Error('updatePreferences: needs need the current catalogs');
  const needQuestions = catalogs ? await needQuestionsOf(profile, catalogs) : [];
  const { answers, needs } = needAnswersMoved(profile.needs, given, stated, needQuestions);
  const findings = [
    ...(await checkServicePreferences(preferences, serviceChoices)),
    ...(given ? validateAnswers(given, needQuestions) : []),
  ];
  if (needs && catalogs) findings.push(...(await checkKeptNeeds(needs, catalogs)));
  const kept = needs ? mergeKeptNeeds(profile.needs, needs) : undefined;
  if (kept) findings.push(...kept.findings);
  if (findings.length) throw new InvalidInputError('some preferences or answers are not valid', findings);
  const merged = { ...profile.preferences };
  for (const [name, value] of Object.entries(preferences)) {
    if (value === null) delete merged[name as keyof typeof merged];
    else if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  }
  const optOut = doNotProfile ?? profile.doNotProfile;
  const updated = await store.update(profile.tenantId, profile.customerId, {
    ...(contact ? contactQuestions(profile, contact, undefined, needQuestions).record : {}),
    preferences: merged,
    doNotProfile: optOut,
    // A customer who asks not to be profiled keeps no answers, and no needs.
    answers: optOut ? {} : { ...profile.answers, ...(answers ?? {}) },
    ...(optOut ? (profile.needs ? { needs: {} } : {}) : kept ? { needs: kept.needs } : {}),
  });
  // Opting out keeps nothing personal: the statistics learned from their orders go too. (A
  // learning write racing with this checks the opt-out in the same transaction.)
  if (optOut && !profile.doNotProfile) await store.forgetPersonalStatistics(profile.tenantId, profile.customerId);
  if (SERVICE_PREFERENCES.some((name) => preferences[name] !== undefined)) {
    await store.refreshRepeatOrders(profile.tenantId, profile.customerId, {
      tier: updated.tier,
      preferences: servicePreferences(updated.preferences),
    });
  }
  return updated;
}

/**
 * Answers to need questions given in `answers` (the drip questions' way) move to the kept needs
 * of their product; a skipped one (null) stays in `answers`, so it is not asked again.
 */
function needAnswersMoved(
  kept: CustomerProfile['needs'],
  answers: PreferencesPatch['answers'],
  needs: PreferencesPatch['needs'],
  needQuestions: readonly Question[],
): { answers: PreferencesPatch['answers']; needs: PreferencesPatch['needs'] } {
  if (!answers) return { answers, needs };
  const rest: Record<string, string | null> = {};
  const moved: Record<string, Record<string, string> | null> = { ...(needs ?? {}) };
  let any = false;
  for (const [id, answer] of Object.entries(answers)) {
    const question = needQuestions.find((q) => q.id === id);
    const need = question?.kind === 'choice' ? question.need : undefined;
    if (!need || answer === null) {
      rest[id] = answer;
      continue;
    }
    // A product's needs are replaced as a whole: start from what the patch or the profile has.
    moved[need.productId] = { ...(moved[need.productId] ?? kept?.[need.productId] ?? {}), [need.needId]: answer };
    any = true;
  }
  return { answers: rest, needs: any ? moved : needs };
}

/** The service part of the preferences, with absent ones as null (a stored snapshot). */
export function servicePreferences(preferences: CustomerProfile['preferences']) {
  return { packaging: preferences.packaging ?? null, invoice: preferences.invoice ?? null, delivery: preferences.delivery ?? null };
}

/** `DELETE /customers/{id}`: erases the profile and memory; orders stay, pseudonymised. */
export async function eraseCustomer(store: CustomerStore, profile: CustomerProfile): Promise<void> {
  await store.erase(profile.tenantId, profile.customerId, profile.email ? emailDigest(profile.email) : undefined);
}
