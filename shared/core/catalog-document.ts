/**
 * The catalog document: the public contract partners and the admin API exchange (see README,
 * "Catalog document"). This zod schema is the single source of its TypeScript type and of its
 * OpenAPI description. Every object is strict: an unknown key anywhere is an error, never
 * silently dropped, so a typo in a rule cannot publish a catalog that means something else.
 *
 * Structural checks live here; checks that need the whole document (dangling references,
 * unreachable choices, conflicting defaults) live in `validate.ts`.
 */
import * as z from 'zod';

/** Limits that keep one document within what a request, a Lambda and the compiler can hold. */
export const CATALOG_LIMITS = {
  groups: 2_000,
  choicesPerGroup: 1_000,
  rules: 5_000,
  /** Rows over all `table` rules; the Renault "big" model has about 226,000. */
  tableRows: 500_000,
  tableArity: 64,
  partsPerChoice: 100,
  attributesPerChoice: 50,
  priceLists: 50,
  priceListEntries: 10_000,
  needs: 100,
} as const;

const MAX_MONEY = 1_000_000_000_00; // one billion in major units, in minor units

/** Ids of products, groups and choices: no dots, because a choice is named "group.choice". */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, "_" and "-" only, starting with a letter or digit');

/** A reference to one choice: "group.choice". */
export const ChoiceRefSchema = z
  .string()
  .max(129)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*\.[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a choice reference is "group.choice"');

export const TierSchema = z.enum(['A', 'B', 'C']);
export type Tier = z.infer<typeof TierSchema>;

const NameSchema = z.string().min(1).max(200);
const DescriptionSchema = z.string().max(2_000);
const LeadDaysSchema = z.number().int().min(0).max(365);

export const PartSchema = z.strictObject({
  sku: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'a SKU is letters, digits and . _ / -'),
  qty: z.number().int().min(1).max(10_000),
});

const AttributeValueSchema = z.union([z.number().finite(), z.string().max(200), z.boolean()]);

export const ChoiceSchema = z.strictObject({
  id: IdSchema,
  name: NameSchema.optional(),
  description: DescriptionSchema.optional(),
  /** Price difference in minor units; negative for a module that saves money (e.g. "no OS"). */
  price: z.number().int().min(-MAX_MONEY).max(MAX_MONEY).default(0),
  /** Working days this module needs before assembly; the slowest selected module governs. */
  leadDays: LeadDaysSchema.default(0),
  /** Working days in transit, for delivery-mode choices; the largest selected value applies. */
  transitDays: LeadDaysSchema.optional(),
  default: z.boolean().optional(),
  parts: z.array(PartSchema).max(CATALOG_LIMITS.partsPerChoice).optional(),
  attributes: z
    .record(z.string().min(1).max(64), AttributeValueSchema)
    .refine((a) => Object.keys(a).length <= CATALOG_LIMITS.attributesPerChoice, {
      message: `at most ${CATALOG_LIMITS.attributesPerChoice} attributes`,
    })
    .optional(),
  /** Only customers of these tiers may pick it; absent means everyone. */
  tiers: z.array(TierSchema).min(1).max(3).optional(),
  retired: z.boolean().optional(),
  /** For a retired choice: the choice id, in the same group, that remembered picks move to. */
  replacedBy: IdSchema.nullable().optional(),
  /** In an `invoice-format` group (required there): the document the customer receives. */
  format: z.enum(['pdf', 'paper', 'edi']).optional(),
  /** In a `packaging` group: a gift packaging (no prices on the packing slip, the gift message). */
  gift: z.boolean().optional(),
});
export type Choice = z.infer<typeof ChoiceSchema>;

export const GroupSchema = z
  .strictObject({
    id: IdSchema,
    name: NameSchema.optional(),
    description: DescriptionSchema.optional(),
    /** Services (packaging, invoice, delivery) are configured and priced exactly like modules. */
    kind: z.enum(['product', 'service']),
    /** What a service group is, for preferences, repeat orders and documents (at most one group per role). */
    role: z.enum(['packaging', 'invoice-format', 'delivery-mode']).optional(),
    min: z.number().int().min(0).max(CATALOG_LIMITS.choicesPerGroup),
    max: z.number().int().min(1).max(CATALOG_LIMITS.choicesPerGroup),
    choices: z.array(ChoiceSchema).max(CATALOG_LIMITS.choicesPerGroup),
  })
  .refine((g) => g.min <= g.max, { message: 'min must not exceed max', path: ['min'] });
export type Group = z.infer<typeof GroupSchema>;
/** The role a service group declares. */
export type ServiceRole = NonNullable<Group['role']>;
/** The document an invoice-format choice produces. */
export type InvoiceFormat = NonNullable<Choice['format']>;

const RuleIdSchema = IdSchema;
const MessageSchema = z.string().min(1).max(500);

/** All of `if` selected implies at least one of `then` selected. */
export const RequiresRuleSchema = z.strictObject({
  id: RuleIdSchema,
  type: z.literal('requires'),
  if: z.array(ChoiceRefSchema).min(1).max(64),
  then: z.array(ChoiceRefSchema).min(1).max(256),
  message: MessageSchema.optional(),
});

/** The listed choices may not all be selected together. */
export const ExcludesRuleSchema = z.strictObject({
  id: RuleIdSchema,
  type: z.literal('excludes'),
  choices: z.array(ChoiceRefSchema).min(2).max(64),
  message: MessageSchema.optional(),
});

/**
 * The allowed combinations over several groups: one cell per group, holding a choice id,
 * `"*"` (anything, including nothing) or `null` (nothing chosen in that group).
 */
export const TableRuleSchema = z.strictObject({
  id: RuleIdSchema,
  type: z.literal('table'),
  groups: z.array(IdSchema).min(1).max(CATALOG_LIMITS.tableArity),
  allowed: z.array(z.array(z.union([IdSchema, z.literal('*'), z.null()])).max(CATALOG_LIMITS.tableArity)).max(CATALOG_LIMITS.tableRows),
  message: MessageSchema.optional(),
});

/** The name of a choice attribute (a key of `attributes`). */
export const AttributeNameSchema = z.string().min(1).max(64);

/**
 * A numeric budget over the selected choices: the sum of `attribute` over the selected choices
 * may not exceed the capacity, which is either the sum of another attribute over the selected
 * choices (e.g. a power supply's `supplyWatts`) or a fixed number. A choice without the
 * attribute counts 0. Figures are any finite numbers (negative ones too), summed exactly as the
 * decimals they are written as. With `when`, the rule holds only while the customer's answer to
 * that need is one of `answers` (e.g. a weight limit for "I travel a lot").
 */
export const ResourceRuleSchema = z.strictObject({
  id: RuleIdSchema,
  type: z.literal('resource'),
  attribute: AttributeNameSchema,
  capacity: z.union([AttributeNameSchema, z.number().finite()]),
  /** The unit the figures are shown in, e.g. "W" or "g". */
  unit: z.string().min(1).max(16).optional(),
  when: z.strictObject({ need: IdSchema, answers: z.array(IdSchema).min(1).max(50) }).optional(),
  message: MessageSchema.optional(),
});

/** The rule union is discriminated by `type` so new rule kinds can join it. */
export const RuleSchema = z.discriminatedUnion('type', [RequiresRuleSchema, ExcludesRuleSchema, TableRuleSchema, ResourceRuleSchema]);
export type Rule = z.infer<typeof RuleSchema>;
export type RequiresRule = z.infer<typeof RequiresRuleSchema>;
export type ExcludesRule = z.infer<typeof ExcludesRuleSchema>;
export type TableRule = z.infer<typeof TableRuleSchema>;
export type ResourceRule = z.infer<typeof ResourceRuleSchema>;

/** A soft preference of a need's answer: `weight` (an integer, negative to discourage) per selected choice. */
export const PreferenceSchema = z.strictObject({
  choice: ChoiceRefSchema,
  weight: z.number().int().min(-1_000).max(1_000),
});

/**
 * One answer to a need question. `prefer` is soft (it ranks completions for the goal `needs`);
 * `require` is hard: while this answer stands, at least one of the listed choices is selected.
 */
export const NeedAnswerSchema = z.strictObject({
  id: IdSchema,
  label: NameSchema,
  description: DescriptionSchema.optional(),
  prefer: z.array(PreferenceSchema).max(256).optional(),
  require: z.array(ChoiceRefSchema).min(1).max(256).optional(),
});
export type NeedAnswer = z.infer<typeof NeedAnswerSchema>;

/** A question a customer can answer instead of choosing parts ("What will you mostly do?"). */
export const NeedSchema = z.strictObject({
  id: IdSchema,
  question: z.string().min(1).max(500),
  answers: z.array(NeedAnswerSchema).min(1).max(50),
});
export type Need = z.infer<typeof NeedSchema>;

/**
 * A price list: overrides for a tier (A/B/C) or a partner. An entry targets `base`, one choice
 * ("group.choice") or every choice (`*`); it either sets an absolute price or adjusts the
 * list price by a whole percentage (-100..100). Later, more specific entries win: a choice's
 * own entry beats `*`.
 */
export const PriceListEntrySchema = z.union([
  z.strictObject({
    target: z.union([z.literal('base'), z.literal('*'), ChoiceRefSchema]),
    price: z.number().int().min(-MAX_MONEY).max(MAX_MONEY),
  }),
  z.strictObject({ target: z.union([z.literal('base'), z.literal('*'), ChoiceRefSchema]), percent: z.number().int().min(-100).max(100) }),
]);
export type PriceListEntry = z.infer<typeof PriceListEntrySchema>;

export const PriceListSchema = z.strictObject({
  id: IdSchema,
  name: NameSchema.optional(),
  /** A tier price list applies to customers of that tier; without `tier` it is applied by id (partners). */
  tier: TierSchema.optional(),
  entries: z.array(PriceListEntrySchema).max(CATALOG_LIMITS.priceListEntries),
});
export type PriceList = z.infer<typeof PriceListSchema>;

/**
 * A volume break: a line of at least `minQuantity` units gets its unit price (after tier and
 * partner prices) adjusted by `percent`, a whole discount from -100 to 0 (surcharges are not
 * breaks). The largest break a line's quantity reaches applies; the linter requires strictly
 * increasing `minQuantity`.
 */
export const VolumeBreakSchema = z.strictObject({
  minQuantity: z.number().int().min(2).max(10_000),
  percent: z.number().int().min(-100).max(0),
});
export type VolumeBreak = z.infer<typeof VolumeBreakSchema>;

export const CatalogDocumentSchema = z.strictObject({
  id: IdSchema,
  name: NameSchema,
  description: DescriptionSchema.optional(),
  /** ISO 4217 code; every amount in the document is in its minor unit. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as EUR'),
  basePrice: z.number().int().min(0).max(MAX_MONEY),
  /** Assembly working days, added to the slowest selected module's lead days. */
  baseLeadDays: LeadDaysSchema,
  groups: z.array(GroupSchema).min(1).max(CATALOG_LIMITS.groups),
  rules: z.array(RuleSchema).max(CATALOG_LIMITS.rules).default([]),
  /** Questions about the customer's needs; answers prefer or require choices (guided selling). */
  needs: z.array(NeedSchema).max(CATALOG_LIMITS.needs).optional(),
  priceLists: z.array(PriceListSchema).max(CATALOG_LIMITS.priceLists).optional(),
  /** Non-working days (ISO dates) skipped when dates are promised, on top of weekends. */
  holidays: z.array(z.iso.date()).max(1_000).optional(),
  /** Volume breaks on a line's unit price by quantity (orders and quotes). */
  volumeBreaks: z.array(VolumeBreakSchema).max(20).optional(),
});

/** A catalog document as sent by a catalog author (defaults not yet applied). */
export type CatalogDocumentInput = z.input<typeof CatalogDocumentSchema>;
/** A parsed catalog document: defaults applied (`price`, `leadDays`, `rules`). */
export type CatalogDocument = z.output<typeof CatalogDocumentSchema>;
