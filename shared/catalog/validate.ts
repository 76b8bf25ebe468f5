/**
 * The catalog linter: everything wrong with a catalog document, in one pass, each finding
 * pointing at the offending place. Used by the admin API (reject a publish with every finding)
 * and the catalog CLI (authors lint before publishing).
 *
 * Three stages, each only as trusting as the previous one allows:
 * 1. the zod schema (every issue, with its path);
 * 2. whole-document checks (duplicates, dangling references, row arity, defaults, cardinality),
 *    run even when stage 1 failed, on whatever parts are well-formed enough to judge, so one typo
 *    does not hide the rest;
 * 3. only on a document free of errors: engine checks on the compiled solution space (no valid
 *    configuration at all, dead choices, conflicting defaults, rules that can never fire).
 *
 * Pure: no I/O, no clock.
 */
import { CATALOG_LIMITS, CatalogDocumentSchema, type CatalogDocument, type ResourceRule, type Tier } from '#core/catalog-document';
import {
  CatalogTooComplexError,
  InvalidPicksError,
  compileCatalog,
  configure,
  resourceFloor,
  type CompileLimits,
  type CompiledCatalog,
  type ConfigureAnswer,
} from '#engine/index';
import { groupOfRef, parseChoiceRef } from '#core/choice-ref';

/** One problem (error) or smell (warning) in a catalog document. */
export interface Finding {
  /** Where in the document: keys and array indexes from the root; `[]` is the whole document. */
  path: (string | number)[];
  /** Stable, kebab-case: `schema-<zod code>`, `duplicate-group`, `dead-choice`, ... */
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

/** The outcome: `ok` when no finding is an error (warnings may remain). */
/** On success, `compiled` is the compiled form the engine checks used (absent when they did not run). */
export type ValidationResult =
  | { ok: true; doc: CatalogDocument; findings: Finding[]; compiled?: CompiledCatalog }
  | { ok: false; findings: Finding[] };

export interface ValidateOptions {
  /** Work limits for the engine checks' compilation (defaults: the engine's). */
  limits?: Partial<CompileLimits>;
  /**
   * Run stage 3, the engine checks (default true). Off when the caller only needs a document
   * the engine can take, e.g. before answering one configure request.
   */
  solutionSpace?: boolean;
}

/**
 * Lints a catalog document: schema, whole-document consistency, then (on an error-free
 * document) the compiled solution space. Never throws on any input.
 */
export function validateCatalog(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const findings: Finding[] = [];
  const parsed = CatalogDocumentSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
      // One finding per unknown key, pointing at the key itself, so an editor can jump to it.
      const located =
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"` }))
          : [{ path, message: issue.message }];
      for (const { path: at, message } of located)
        findings.push({ path: at, code: `schema-${issue.code.replaceAll('_', '-')}`, message, severity: 'error' });
    }
  }

  const view = viewOf(input);
  checkGroups(view, findings);
  checkServiceRoles(view, findings);
  checkRules(view, findings);
  checkNeeds(view, findings);
  checkPriceLists(view, findings);
  checkVolumeBreaks(input, findings);

  if (!parsed.success || findings.some((f) => f.severity === 'error')) return { ok: false, findings };
  if (options.solutionSpace === false) return { ok: true, doc: parsed.data, findings };

  const compiled = checkSolutionSpace(parsed.data, view, options, findings);
  if (findings.some((f) => f.severity === 'error')) return { ok: false, findings };
  return { ok: true, doc: parsed.data, findings, ...(compiled ? { compiled } : {}) };
}

// ---------------------------------------------------------------------------------------------
// A tolerant view of the input: stage 2 must judge documents the schema rejected, so it reads
// each field only when it has the expected type and skips what it cannot judge (stage 1 has
// already reported it).

interface ChoiceView {
  index: number;
  id: string | undefined;
  isDefault: boolean;
  retired: boolean;
  replacedBy: string | null | undefined;
  tiers: string[] | undefined;
  attributes: Record<string, unknown> | undefined;
  /** Present (any value) when the choice sets `format` / `gift`. */
  format: unknown;
  gift: unknown;
}

interface GroupView {
  index: number;
  id: string | undefined;
  min: number | undefined;
  max: number | undefined;
  kind: unknown;
  role: unknown;
  choices: ChoiceView[];
}

interface RuleView {
  index: number;
  raw: Record<string, unknown>;
  id: string | undefined;
  type: unknown;
}

interface NeedView {
  index: number;
  id: string | undefined;
  answers: { index: number; id: string | undefined; raw: Record<string, unknown> }[];
}

interface DocumentView {
  groups: GroupView[];
  /** First group with each id. */
  groupsById: Map<string, GroupView>;
  rules: RuleView[];
  priceLists: Record<string, unknown>[];
  needs: NeedView[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function integerOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function arrayOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function viewOf(input: unknown): DocumentView {
  const root = isRecord(input) ? input : {};
  const groups: GroupView[] = [];
  arrayOrEmpty(root.groups).forEach((rawGroup, index) => {
    if (!isRecord(rawGroup)) return;
    const choices: ChoiceView[] = [];
    arrayOrEmpty(rawGroup.choices).forEach((rawChoice, choiceIndex) => {
      if (!isRecord(rawChoice)) return;
      const replacedBy = rawChoice.replacedBy;
      choices.push({
        index: choiceIndex,
        id: stringOrUndefined(rawChoice.id),
        isDefault: rawChoice.default === true,
        retired: rawChoice.retired === true,
        replacedBy: typeof replacedBy === 'string' || replacedBy === null ? replacedBy : undefined,
        tiers: Array.isArray(rawChoice.tiers) ? rawChoice.tiers.filter((t): t is string => typeof t === 'string') : undefined,
        attributes: isRecord(rawChoice.attributes) ? rawChoice.attributes : undefined,
        format: rawChoice.format,
        gift: rawChoice.gift,
      });
    });
    groups.push({
      index,
      id: stringOrUndefined(rawGroup.id),
      min: integerOrUndefined(rawGroup.min),
      max: integerOrUndefined(rawGroup.max),
      kind: rawGroup.kind,
      role: rawGroup.role,
      choices,
    });
  });
  const groupsById = new Map<string, GroupView>();
  for (const group of groups) if (group.id !== undefined && !groupsById.has(group.id)) groupsById.set(group.id, group);
  const rules: RuleView[] = [];
  arrayOrEmpty(root.rules).forEach((raw, index) => {
    if (isRecord(raw)) rules.push({ index, raw, id: stringOrUndefined(raw.id), type: raw.type });
  });
  const priceLists = arrayOrEmpty(root.priceLists).filter(isRecord);
  const needs: NeedView[] = [];
  arrayOrEmpty(root.needs).forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const answers: NeedView['answers'] = [];
    arrayOrEmpty(raw.answers).forEach((answer, a) => {
      if (isRecord(answer)) answers.push({ index: a, id: stringOrUndefined(answer.id), raw: answer });
    });
    needs.push({ index, id: stringOrUndefined(raw.id), answers });
  });
  return { groups, groupsById, rules, priceLists, needs };
}

function choicePath(group: GroupView, choice: ChoiceView, ...rest: (string | number)[]): (string | number)[] {
  return ['groups', group.index, 'choices', choice.index, ...rest];
}

// ---------------------------------------------------------------------------------------------
// Stage 2: whole-document checks

function checkGroups(view: DocumentView, findings: Finding[]): void {
  const firstGroup = new Map<string, GroupView>();
  for (const group of view.groups) {
    if (group.id !== undefined) {
      const earlier = firstGroup.get(group.id);
      if (earlier) {
        findings.push({
          path: ['groups', group.index, 'id'],
          code: 'duplicate-group',
          severity: 'error',
          message: `group id "${group.id}" is already used by groups[${earlier.index}]`,
        });
      } else {
        firstGroup.set(group.id, group);
      }
    }
    const label = group.id ?? `groups[${group.index}]`;

    const firstChoice = new Map<string, ChoiceView>();
    for (const choice of group.choices) {
      if (choice.id === undefined) continue;
      const earlier = firstChoice.get(choice.id);
      if (earlier) {
        findings.push({
          path: choicePath(group, choice, 'id'),
          code: 'duplicate-choice',
          severity: 'error',
          message: `choice id "${choice.id}" is already used in group "${label}" by choices[${earlier.index}]`,
        });
      } else {
        firstChoice.set(choice.id, choice);
      }
    }

    for (const choice of group.choices) {
      if (choice.replacedBy === undefined || choice.replacedBy === null) continue;
      const where = choicePath(group, choice, 'replacedBy');
      const ref = `${label}.${choice.id ?? `choices[${choice.index}]`}`;
      const target = firstChoice.get(choice.replacedBy);
      if (choice.replacedBy === choice.id) {
        findings.push({ path: where, code: 'replacement-self', severity: 'error', message: `"${ref}" is replaced by itself` });
      } else if (!target) {
        findings.push({
          path: where,
          code: 'replacement-missing',
          severity: 'error',
          message: `"${ref}" is replaced by "${choice.replacedBy}", which is not a choice of group "${label}"`,
        });
      } else if (target.retired) {
        findings.push({
          path: where,
          code: 'replacement-retired',
          severity: 'error',
          message: `"${ref}" is replaced by "${label}.${choice.replacedBy}", which is retired too; point at a current choice`,
        });
      } else if (!choice.retired) {
        findings.push({
          path: where,
          code: 'replacement-unused',
          severity: 'warning',
          message: `"${ref}" names a replacement but is not retired, so the replacement is never used`,
        });
      }
    }

    const defaults = group.choices.filter((c) => c.isDefault);
    // A negative `max` is stage 1's finding; with no default there is nothing too many here.
    if (group.max !== undefined && defaults.length > Math.max(0, group.max)) {
      // `max` may be anything here (negative, fractional): stage 1 reports that; point at a real default.
      const excess = defaults[Math.min(defaults.length - 1, Math.max(0, Math.floor(group.max)))]!;
      const names = defaults.map((c) => `"${c.id}"`).join(', ');
      findings.push({
        path: choicePath(group, excess, 'default'),
        code: 'too-many-defaults',
        severity: 'error',
        message:
          group.max === 1
            ? `group "${label}" allows one choice but has ${defaults.length} defaults: ${names}`
            : `group "${label}" allows at most ${group.max} choices but has ${defaults.length} defaults: ${names}`,
      });
    }
    for (const choice of defaults) {
      if (choice.retired) {
        findings.push({
          path: choicePath(group, choice, 'default'),
          code: 'default-retired',
          severity: 'error',
          message: `"${label}.${choice.id}" is retired and cannot be a default`,
        });
      }
    }

    const current = group.choices.filter((c) => !c.retired).length;
    if (group.min !== undefined && group.min > current) {
      findings.push({
        path: ['groups', group.index, 'min'],
        code: 'min-unreachable',
        severity: 'error',
        message: `group "${label}" needs at least ${group.min} choice${group.min === 1 ? '' : 's'} but offers ${current} that ${current === 1 ? 'is' : 'are'} not retired`,
      });
    }
  }
}

/**
 * Service roles: at most one group per role, roles on service groups only, a `format` on every
 * choice of the invoice-format group, and `format` / `gift` nowhere else (they would be ignored).
 */
function checkServiceRoles(view: DocumentView, findings: Finding[]): void {
  const firstOfRole = new Map<string, GroupView>();
  for (const group of view.groups) {
    const label = group.id ?? `groups[${group.index}]`;
    const role = typeof group.role === 'string' ? group.role : undefined;
    if (role !== undefined) {
      const earlier = firstOfRole.get(role);
      if (earlier) {
        findings.push({
          path: ['groups', group.index, 'role'],
          code: 'duplicate-role',
          severity: 'error',
          message: `group "${label}" declares role "${role}", already declared by group "${earlier.id ?? `groups[${earlier.index}]`}"; at most one group per role`,
        });
      } else {
        firstOfRole.set(role, group);
      }
      if (group.kind === 'product') {
        findings.push({
          path: ['groups', group.index, 'role'],
          code: 'role-on-product-group',
          severity: 'error',
          message: `group "${label}" is a product group; only service groups have a role`,
        });
      }
    }
    for (const choice of group.choices) {
      const ref = `${label}.${choice.id ?? `choices[${choice.index}]`}`;
      if (role === 'invoice-format' && choice.format === undefined) {
        findings.push({
          path: choicePath(group, choice),
          code: 'invoice-format-missing',
          severity: 'error',
          message: `"${ref}" is an invoice-format choice without a "format" (pdf, paper or edi)`,
        });
      }
      if (role !== 'invoice-format' && choice.format !== undefined) {
        findings.push({
          path: choicePath(group, choice, 'format'),
          code: 'format-outside-invoice',
          severity: 'error',
          message: `"${ref}" sets "format", but only choices of the group with role "invoice-format" have one`,
        });
      }
      if (role !== 'packaging' && choice.gift !== undefined) {
        findings.push({
          path: choicePath(group, choice, 'gift'),
          code: 'gift-outside-packaging',
          severity: 'error',
          message: `"${ref}" sets "gift", but only choices of the group with role "packaging" may be gifts`,
        });
      }
    }
  }
}

/** Reports an unknown "group.choice" reference; returns whether it resolved. */
function checkChoiceRef(view: DocumentView, ref: unknown, path: (string | number)[], owner: string, findings: Finding[]): boolean {
  if (typeof ref !== 'string') return false;
  const parsed = parseChoiceRef(ref);
  if (!parsed) return false; // malformed: the schema reports it
  const { group: groupId, choice: choiceId } = parsed;
  const group = view.groupsById.get(groupId);
  if (!group) {
    findings.push({
      path,
      code: 'unknown-group',
      severity: 'error',
      message: `${owner} refers to "${ref}", but there is no group "${groupId}"`,
    });
    return false;
  }
  if (!group.choices.some((c) => c.id === choiceId)) {
    findings.push({
      path,
      code: 'unknown-choice',
      severity: 'error',
      message: `${owner} refers to "${ref}", but group "${groupId}" has no choice "${choiceId}"`,
    });
    return false;
  }
  return true;
}

function checkRules(view: DocumentView, findings: Finding[]): void {
  const firstRule = new Map<string, RuleView>();
  for (const rule of view.rules) {
    if (rule.id !== undefined) {
      const earlier = firstRule.get(rule.id);
      if (earlier)
        findings.push({
          path: ['rules', rule.index, 'id'],
          code: 'duplicate-rule',
          severity: 'error',
          message: `rule id "${rule.id}" is already used by rules[${earlier.index}]`,
        });
      else firstRule.set(rule.id, rule);
    }
    const owner = `rule "${rule.id ?? `rules[${rule.index}]`}"`;
    const fields = rule.type === 'requires' ? ['if', 'then'] : rule.type === 'excludes' ? ['choices'] : [];
    for (const field of fields) {
      arrayOrEmpty(rule.raw[field]).forEach((ref, k) => {
        checkChoiceRef(view, ref, ['rules', rule.index, field, k], owner, findings);
      });
    }
    if (rule.type === 'table') checkTable(view, rule, owner, findings);
    if (rule.type === 'resource') checkResource(view, rule, owner, findings);
  }
  // The schema bounds each table; the compiler's budget is on all of them together.
  const rows = view.rules.reduce((sum, rule) => sum + (rule.type === 'table' ? arrayOrEmpty(rule.raw.allowed).length : 0), 0);
  if (rows > CATALOG_LIMITS.tableRows) {
    findings.push({
      path: ['rules'],
      code: 'too-many-table-rows',
      severity: 'error',
      message: `the tables hold ${rows} rows together, at most ${CATALOG_LIMITS.tableRows} are allowed`,
    });
  }
}

/**
 * A resource rule sums numeric attributes: each attribute it names must be a number on every
 * choice that has it, and some choice must have it (else the rule sums nothing, surely a typo).
 * Its `when` must name a need and answers that exist.
 */
function checkResource(view: DocumentView, rule: RuleView, owner: string, findings: Finding[]): void {
  const reported = new Set(findings.filter((f) => f.code === 'resource-attribute-not-numeric').map((f) => f.path.join('/')));
  const names: { field: string; name: string }[] = [];
  if (typeof rule.raw.attribute === 'string') names.push({ field: 'attribute', name: rule.raw.attribute });
  if (typeof rule.raw.capacity === 'string') names.push({ field: 'capacity', name: rule.raw.capacity });
  for (const { field, name } of names) {
    let found = false;
    for (const group of view.groups) {
      for (const choice of group.choices) {
        const value = choice.attributes?.[name];
        if (value === undefined) continue;
        found = true;
        const path = choicePath(group, choice, 'attributes', name);
        // Several rules may sum the same attribute: one finding per value is enough.
        if (typeof value === 'number' || reported.has(path.join('/'))) continue;
        reported.add(path.join('/'));
        findings.push({
          path,
          code: 'resource-attribute-not-numeric',
          severity: 'error',
          message: `${owner} sums "${name}", but "${group.id ?? `groups[${group.index}]`}.${choice.id ?? `choices[${choice.index}]`}" has ${JSON.stringify(value)} there, not a number`,
        });
      }
    }
    if (!found) {
      findings.push({
        path: ['rules', rule.index, field],
        code: 'resource-attribute-missing',
        severity: 'error',
        message: `${owner} sums "${name}", but no choice has that attribute`,
      });
    }
  }
  const when = isRecord(rule.raw.when) ? rule.raw.when : undefined;
  if (!when || typeof when.need !== 'string') return;
  const need = view.needs.find((n) => n.id === when.need);
  if (!need) {
    findings.push({
      path: ['rules', rule.index, 'when', 'need'],
      code: 'unknown-need',
      severity: 'error',
      message: `${owner} applies when need "${when.need}" is answered, but there is no such need`,
    });
    return;
  }
  arrayOrEmpty(when.answers).forEach((answer, k) => {
    if (typeof answer !== 'string' || need.answers.some((a) => a.id === answer)) return;
    findings.push({
      path: ['rules', rule.index, 'when', 'answers', k],
      code: 'unknown-answer',
      severity: 'error',
      message: `${owner} applies when need "${need.id}" is answered "${answer}", but it has no such answer`,
    });
  });
}

/** Needs: unique question ids, unique answer ids per question, `prefer` and `require` naming real choices. */
function checkNeeds(view: DocumentView, findings: Finding[]): void {
  const firstNeed = new Map<string, NeedView>();
  for (const need of view.needs) {
    if (need.id !== undefined) {
      const earlier = firstNeed.get(need.id);
      if (earlier)
        findings.push({
          path: ['needs', need.index, 'id'],
          code: 'duplicate-need',
          severity: 'error',
          message: `need id "${need.id}" is already used by needs[${earlier.index}]`,
        });
      else firstNeed.set(need.id, need);
    }
    const label = need.id ?? `needs[${need.index}]`;
    const firstAnswer = new Map<string, number>();
    for (const answer of need.answers) {
      if (answer.id !== undefined) {
        const earlier = firstAnswer.get(answer.id);
        if (earlier !== undefined)
          findings.push({
            path: ['needs', need.index, 'answers', answer.index, 'id'],
            code: 'duplicate-answer',
            severity: 'error',
            message: `answer id "${answer.id}" is already used in need "${label}" by answers[${earlier}]`,
          });
        else firstAnswer.set(answer.id, answer.index);
      }
      const owner = `answer "${label}.${answer.id ?? `answers[${answer.index}]`}"`;
      const at = ['needs', need.index, 'answers', answer.index];
      arrayOrEmpty(answer.raw.prefer).forEach((preference, k) => {
        if (isRecord(preference)) checkChoiceRef(view, preference.choice, [...at, 'prefer', k, 'choice'], owner, findings);
      });
      arrayOrEmpty(answer.raw.require).forEach((ref, k) => {
        checkChoiceRef(view, ref, [...at, 'require', k], owner, findings);
      });
    }
  }
}

function checkTable(view: DocumentView, rule: RuleView, owner: string, findings: Finding[]): void {
  const columns: (GroupView | undefined)[] = [];
  const seen = new Set<string>();
  arrayOrEmpty(rule.raw.groups).forEach((groupId, k) => {
    let group: GroupView | undefined;
    if (typeof groupId === 'string') {
      group = view.groupsById.get(groupId);
      if (!group)
        findings.push({
          path: ['rules', rule.index, 'groups', k],
          code: 'unknown-group',
          severity: 'error',
          message: `${owner} has a column for "${groupId}", but there is no such group`,
        });
      if (seen.has(groupId))
        findings.push({
          path: ['rules', rule.index, 'groups', k],
          code: 'duplicate-table-group',
          severity: 'error',
          message: `${owner} lists group "${groupId}" twice`,
        });
      seen.add(groupId);
    }
    columns.push(group);
  });
  const choiceIds = columns.map((g) => (g ? new Set(g.choices.map((c) => c.id)) : undefined));
  arrayOrEmpty(rule.raw.allowed).forEach((row, r) => {
    if (!Array.isArray(row)) return;
    if (row.length !== columns.length) {
      findings.push({
        path: ['rules', rule.index, 'allowed', r],
        code: 'row-arity',
        severity: 'error',
        message: `${owner}: row ${r} has ${row.length} cells for ${columns.length} groups`,
      });
    }
    const width = Math.min(row.length, columns.length);
    for (let c = 0; c < width; c++) {
      const cell: unknown = row[c];
      const known = choiceIds[c];
      if (typeof cell !== 'string' || cell === '*' || !known || known.has(cell)) continue;
      findings.push({
        path: ['rules', rule.index, 'allowed', r, c],
        code: 'unknown-choice',
        severity: 'error',
        message: `${owner}: row ${r} names "${cell}", but group "${columns[c]!.id}" has no such choice`,
      });
    }
  });
}

/**
 * Volume breaks: strictly increasing `minQuantity`, so "the largest break reached" is one
 * break; a later break that discounts less than an earlier one is a warning (buying more
 * would cost more per unit).
 */
function checkVolumeBreaks(input: unknown, findings: Finding[]): void {
  if (!isRecord(input)) return;
  let previous: { minQuantity: number; percent: number | undefined } | undefined;
  arrayOrEmpty(input.volumeBreaks).forEach((raw, b) => {
    if (!isRecord(raw)) return;
    const minQuantity = integerOrUndefined(raw.minQuantity);
    const percent = integerOrUndefined(raw.percent);
    if (minQuantity === undefined) return;
    if (previous && minQuantity <= previous.minQuantity)
      findings.push({
        path: ['volumeBreaks', b, 'minQuantity'],
        code: 'volume-breaks-not-increasing',
        severity: 'error',
        message: `minQuantity ${minQuantity} must be larger than the previous break's ${previous.minQuantity}`,
      });
    else if (previous?.percent !== undefined && percent !== undefined && percent > previous.percent)
      findings.push({
        path: ['volumeBreaks', b, 'percent'],
        code: 'volume-break-smaller-discount',
        severity: 'warning',
        message: `${percent}% discounts less than the previous break's ${previous.percent}%: buying more would cost more per unit`,
      });
    previous = { minQuantity, percent };
  });
}

function checkPriceLists(view: DocumentView, findings: Finding[]): void {
  const firstList = new Map<string, number>();
  const tierList = new Map<string, number>();
  view.priceLists.forEach((list, p) => {
    const id = stringOrUndefined(list.id);
    if (id !== undefined) {
      const earlier = firstList.get(id);
      if (earlier !== undefined)
        findings.push({
          path: ['priceLists', p, 'id'],
          code: 'duplicate-price-list',
          severity: 'error',
          message: `price list id "${id}" is already used by priceLists[${earlier}]`,
        });
      else firstList.set(id, p);
    }
    const tier = stringOrUndefined(list.tier);
    if (tier !== undefined) {
      const earlier = tierList.get(tier);
      if (earlier !== undefined)
        findings.push({
          path: ['priceLists', p, 'tier'],
          code: 'duplicate-tier-price-list',
          severity: 'warning',
          message: `tier ${tier} already has priceLists[${earlier}]; which one applies is ambiguous`,
        });
      else tierList.set(tier, p);
    }
    const owner = `price list "${id ?? `priceLists[${p}]`}"`;
    arrayOrEmpty(list.entries).forEach((entry, e) => {
      if (!isRecord(entry) || entry.target === 'base' || entry.target === '*') return;
      checkChoiceRef(view, entry.target, ['priceLists', p, 'entries', e, 'target'], owner, findings);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Stage 3: the solution space, through the engine

/** The engine needs a date for its promise; the checks ignore dates, so any fixed day will do. */
const ANY_DAY = '2025-01-06';

/**
 * Tiers that can see different catalogs: each tier named in some choice's `tiers`, plus one
 * unnamed tier if any (all unnamed tiers see the same catalog). With no tier limits, one run.
 */
function distinctTiers(doc: CatalogDocument): Tier[] {
  const named = new Set<Tier>();
  for (const group of doc.groups) for (const choice of group.choices) for (const tier of choice.tiers ?? []) named.add(tier);
  const all: Tier[] = ['A', 'B', 'C'];
  const unnamed = all.find((t) => !named.has(t));
  return [...all.filter((t) => named.has(t)), ...(unnamed ? [unnamed] : [])];
}

function describeEngineFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Each resource rule on its own: its figures must sum exactly, and some selection (by group
 * cardinalities, retired choices left out, no other rule) must satisfy it. Returns whether all
 * rules passed.
 */
function checkResourceRules(doc: CatalogDocument, findings: Finding[]): boolean {
  let ok = true;
  doc.rules.forEach((rule, r) => {
    if (rule.type !== 'resource') return;
    let floor: ReturnType<typeof resourceFloor>;
    try {
      floor = resourceFloor(doc, rule);
    } catch (error) {
      if (!(error instanceof CatalogTooComplexError)) throw error;
      ok = false;
      findings.push({ path: ['rules', r], code: 'resource-precision', severity: 'error', message: error.message });
      return;
    }
    if (!floor?.exceeded) return;
    ok = false;
    const unit = rule.unit ? ` ${rule.unit}` : '';
    const capacity = typeof rule.capacity === 'number' ? `the limit of ${floor.capacity}${unit}` : `the ${floor.capacity}${unit} it brings`;
    findings.push({
      path: ['rules', r],
      code: 'resource-unsatisfiable',
      severity: 'error',
      message: `rule "${rule.id}" can never be satisfied${rule.when ? ' while it applies' : ''}: even the smallest selection needs ${floor.demand}${unit} of "${rule.attribute}", over ${capacity}`,
    });
  });
  return ok;
}

/** A need's answer that no valid configuration can meet, for any tier, is a trap for customers. */
function checkNeedAnswers(doc: CatalogDocument, tiers: Tier[], compiled: CompiledCatalog, findings: Finding[]): void {
  (doc.needs ?? []).forEach((need, n) => {
    need.answers.forEach((answer, a) => {
      const possible = tiers.some((tier) => configure(compiled, [], { tier, today: ANY_DAY, needs: { [need.id]: answer.id } }).valid);
      if (possible) return;
      findings.push({
        path: ['needs', n, 'answers', a],
        code: 'need-answer-impossible',
        severity: 'warning',
        message: `no valid configuration fits the answer "${answer.label}" to "${need.question}"`,
      });
    });
  });
}

function checkSolutionSpace(
  doc: CatalogDocument,
  view: DocumentView,
  options: ValidateOptions,
  findings: Finding[],
): CompiledCatalog | undefined {
  if (!checkResourceRules(doc, findings)) return undefined;
  let compiled: CompiledCatalog;
  try {
    compiled = compileCatalog(doc, options.limits);
  } catch (error) {
    if (error instanceof CatalogTooComplexError) {
      findings.push({
        path: [],
        code: 'too-complex',
        severity: 'error',
        message: `the catalog is too complex to compile: ${error.message}`,
      });
    } else {
      findings.push({
        path: [],
        code: 'engine-error',
        severity: 'error',
        message: `the engine could not compile the catalog: ${describeEngineFailure(error)}`,
      });
    }
    return undefined;
  }

  const tiers = distinctTiers(doc);
  /** Answers for `picks` under every distinct tier; `undefined` for picks the engine calls malformed. */
  const answersFor = (picks: string[]): (ConfigureAnswer | undefined)[] =>
    tiers.map((tier) => {
      try {
        return configure(compiled, picks, { tier, today: ANY_DAY });
      } catch (error) {
        if (error instanceof InvalidPicksError) return undefined;
        throw error;
      }
    });

  try {
    const emptyAnswers = answersFor([]);
    const explainer = new DeadChoiceExplainer(doc, options.limits);
    if (!checkNonEmpty(doc, tiers, emptyAnswers, explainer, findings)) return compiled;
    checkDeadChoices(doc, view, tiers, emptyAnswers, explainer, findings);
    checkDefaults(doc, view, tiers, compiled, findings);
    checkRulesFire(doc, tiers, options.limits, answersFor, findings);
    checkNeedAnswers(doc, tiers, compiled, findings);
  } catch (error) {
    findings.push({
      path: [],
      code: 'engine-error',
      severity: 'error',
      message: `the engine failed while checking the catalog: ${describeEngineFailure(error)}`,
    });
  }
  return compiled;
}

/** Reports a catalog (or a tier's view of it) without any valid configuration; returns whether some tier has one. */
function checkNonEmpty(
  doc: CatalogDocument,
  tiers: Tier[],
  answers: (ConfigureAnswer | undefined)[],
  explainer: DeadChoiceExplainer,
  findings: Finding[],
): boolean {
  const emptyTiers = tiers.filter((_, i) => !answers[i]?.valid);
  if (emptyTiers.length === 0) return true;
  const conflicts = answers.find((a) => a && !a.valid)?.conflicts ?? [];
  let rules = [...new Set(conflicts.map((c) => c.rule).filter((r) => !BUILT_IN_CAUSES.has(r)))];
  if (rules.length === 0) rules = explainer.explainEmpty(emptyTiers[0]!) ?? [];
  const because = rules.length > 0 ? ` (the rules ${rules.map((r) => `"${r}"`).join(', ')} cannot all hold)` : '';
  const firstRule = rules.map((id) => doc.rules.findIndex((r) => r.id === id)).find((i) => i >= 0);
  const path = firstRule === undefined ? [] : ['rules', firstRule];
  if (emptyTiers.length === tiers.length) {
    findings.push({
      path,
      code: 'no-valid-configuration',
      severity: 'error',
      message: `no configuration satisfies every group and rule${because}`,
    });
    return false;
  }
  for (const tier of emptyTiers) {
    findings.push({
      path,
      code: 'no-valid-configuration-for-tier',
      severity: 'warning',
      message: `customers of tier ${tier} cannot complete any configuration${because}`,
    });
  }
  return true;
}

/**
 * Names the rules behind a dead choice. Without picks the engine proves a choice dead but names
 * no rule (its reason is the built-in "cardinality"), so the explainer searches a sub-catalog:
 * starting from the choice's group, it adds rules one by one, always the one most inside the
 * groups gathered so far, until the choice is dead there too (then those rules suffice: fewer
 * rules only allow more), and then drops every rule it can do without. Each test is one
 * compilation of a small catalog; the rules gathered and the compilations are both bounded.
 */
class DeadChoiceExplainer {
  static readonly MAX_RULES = 64;
  static readonly MAX_COMPILATIONS = 200;
  private compilations = 0;
  private readonly ruleGroups: string[][];

  constructor(
    private readonly doc: CatalogDocument,
    private readonly limits: Partial<CompileLimits> | undefined,
  ) {
    this.ruleGroups = doc.rules.map((rule) => {
      if (rule.type === 'table') return [...new Set(rule.groups)];
      if (rule.type === 'resource') return resourceGroups(doc, rule);
      const refs = rule.type === 'requires' ? [...rule.if, ...rule.then] : rule.choices;
      return [...new Set(refs.map(groupOfRef))];
    });
  }

  /** A minimal set of rule ids that exclude the choice on their own, or undefined when not found within bounds. */
  explain(groupId: string, choiceId: string, tier: Tier): string[] | undefined {
    const groupsIn = new Set([groupId]);
    let rulesIn: number[] = [];
    let found = false;
    while (!found && rulesIn.length < DeadChoiceExplainer.MAX_RULES) {
      let best = -1;
      let bestShare = 0;
      this.ruleGroups.forEach((groups, i) => {
        if (rulesIn.includes(i)) return;
        const share = groups.filter((g) => groupsIn.has(g)).length / groups.length;
        if (share > bestShare) [best, bestShare] = [i, share];
      });
      if (best < 0) return undefined;
      rulesIn.push(best);
      for (const g of this.ruleGroups[best]!) groupsIn.add(g);
      // Test at 1, 2, 4, 8 rules and then every 8: a compilation per rule would waste the budget.
      const size = rulesIn.length;
      if ((size & (size - 1)) !== 0 && size % 8 !== 0) continue;
      const dead = this.isDead(rulesIn, groupId, choiceId, tier);
      if (dead === undefined) return undefined;
      found = dead;
    }
    if (!found) return undefined;
    for (const rule of [...rulesIn]) {
      const without = rulesIn.filter((r) => r !== rule);
      const dead = this.isDead(without, groupId, choiceId, tier);
      if (dead === undefined) break; // out of budget: the set still suffices, it is just not minimal
      if (dead) rulesIn = without;
    }
    return rulesIn.sort((a, b) => a - b).map((i) => this.doc.rules[i]!.id);
  }

  /**
   * A minimal set of rule ids under which no configuration is valid at all, or undefined when
   * the catalog has too many rules to search.
   */
  explainEmpty(tier: Tier): string[] | undefined {
    if (this.doc.rules.length > DeadChoiceExplainer.MAX_RULES) return undefined;
    let rulesIn = this.doc.rules.map((_, i) => i);
    for (const rule of [...rulesIn]) {
      const without = rulesIn.filter((r) => r !== rule);
      const empty = this.answerWith(
        without,
        this.doc.groups.map((g) => g.id),
        tier,
        (answer) => !answer.valid,
      );
      if (empty === undefined) break;
      if (empty) rulesIn = without;
    }
    return rulesIn.map((i) => this.doc.rules[i]!.id);
  }

  /** Whether the choice is dead in the catalog cut down to these rules; undefined when over budget. */
  private isDead(ruleIndexes: number[], groupId: string, choiceId: string, tier: Tier): boolean | undefined {
    const groups = [groupId, ...ruleIndexes.flatMap((i) => this.ruleGroups[i]!)];
    return this.answerWith(ruleIndexes, groups, tier, (answer) => {
      const state = answer.groups.find((g) => g.id === groupId)?.choices.find((c) => c.id === choiceId)?.state;
      return answer.valid && state === 'excluded';
    });
  }

  /** Judges the empty-picks answer of the catalog cut down to these rules and groups; undefined when over budget. */
  private answerWith(
    ruleIndexes: number[],
    groupIds: string[],
    tier: Tier,
    judge: (answer: ConfigureAnswer) => boolean,
  ): boolean | undefined {
    if (this.compilations >= DeadChoiceExplainer.MAX_COMPILATIONS) return undefined;
    this.compilations++;
    const groups = new Set(groupIds);
    const { priceLists: _unused, ...rest } = this.doc;
    const sub: CatalogDocument = {
      ...rest,
      groups: this.doc.groups.filter((g) => groups.has(g.id)),
      rules: ruleIndexes.map((i) => this.doc.rules[i]!),
    };
    try {
      return judge(configure(compileCatalog(sub, this.limits), [], { tier, today: ANY_DAY }));
    } catch (error) {
      if (error instanceof CatalogTooComplexError) return undefined;
      throw error;
    }
  }
}

/** The groups a resource rule sums over: those with a choice carrying one of its attributes. */
function resourceGroups(doc: CatalogDocument, rule: ResourceRule): string[] {
  const names = [rule.attribute, ...(typeof rule.capacity === 'string' ? [rule.capacity] : [])];
  return doc.groups.filter((g) => g.choices.some((c) => names.some((n) => c.attributes?.[n] !== undefined))).map((g) => g.id);
}

/** Causes the engine reports that are not catalog rules. */
const BUILT_IN_CAUSES = new Set(['cardinality', 'tier', 'retired', 'catalog']);

function checkDeadChoices(
  doc: CatalogDocument,
  view: DocumentView,
  tiers: Tier[],
  answers: (ConfigureAnswer | undefined)[],
  explainer: DeadChoiceExplainer,
  findings: Finding[],
): void {
  const groupAnswers = answers.map((a) => new Map((a?.valid ? a.groups : []).map((g) => [g.id, g])));
  doc.groups.forEach((group, g) => {
    const groupView = view.groups[g]!;
    const inTiers = groupAnswers.map((m) => m.get(group.id));
    group.choices.forEach((choice, c) => {
      if (choice.retired) return; // retired choices are meant to be unreachable
      const states = inTiers.map((a) => a?.choices.find((x) => x.id === choice.id));
      if (states.some((s) => s && s.state !== 'excluded')) return;
      // Take the reasons from a tier allowed to pick it, where the tier limit is not the reason.
      const permitted = tiers.findIndex((t) => !choice.tiers || choice.tiers.includes(t));
      const reasons = (states[permitted] ?? states.find((s) => s))?.reasons ?? [];
      let rules = [...new Set(reasons.map((r) => r.rule).filter((r) => !BUILT_IN_CAUSES.has(r)))];
      if (rules.length === 0) rules = explainer.explain(group.id, choice.id, tiers[Math.max(permitted, 0)]!) ?? [];
      const because =
        rules.length > 0
          ? `rule${rules.length === 1 ? '' : 's'} ${rules.map((r) => `"${r}"`).join(', ')} together exclude it`
          : 'no valid configuration contains it';
      findings.push({
        path: choicePath(groupView, groupView.choices[c]!),
        code: 'dead-choice',
        severity: 'warning',
        message: `"${group.id}.${choice.id}" can never be chosen: ${because}`,
      });
    });
    if (group.min === 0 && !inTiers.some((a) => a?.emptyAllowed)) {
      findings.push({
        path: ['groups', g, 'min'],
        code: 'empty-unreachable',
        severity: 'warning',
        message: `group "${group.id}" is optional (min 0) but no valid configuration leaves it empty`,
      });
    }
  });
}

function checkDefaults(doc: CatalogDocument, view: DocumentView, tiers: Tier[], compiled: CompiledCatalog, findings: Finding[]): void {
  const reported = new Set<string>();
  for (const tier of tiers) {
    const defaults: { ref: string; path: (string | number)[] }[] = [];
    doc.groups.forEach((group, g) => {
      group.choices.forEach((choice, c) => {
        if (!choice.default || choice.retired || (choice.tiers && !choice.tiers.includes(tier))) return;
        defaults.push({ ref: `${group.id}.${choice.id}`, path: choicePath(view.groups[g]!, view.groups[g]!.choices[c]!, 'default') });
      });
    });
    if (defaults.length === 0) continue;
    let answer: ConfigureAnswer | undefined;
    try {
      answer = configure(
        compiled,
        defaults.map((d) => d.ref),
        { tier, today: ANY_DAY },
      );
    } catch (error) {
      if (!(error instanceof InvalidPicksError)) throw error;
    }
    if (answer?.valid) continue;
    const conflicts = answer?.conflicts ?? [];
    const all = defaults.map((d) => `"${d.ref}"`).join(', ');
    if (conflicts.length === 0) {
      if (reported.has(all)) continue;
      reported.add(all);
      findings.push({
        path: defaults[0]!.path,
        code: 'conflicting-defaults',
        severity: 'error',
        message: `the defaults ${all} do not extend to a valid configuration together`,
      });
      continue;
    }
    for (const conflict of conflicts) {
      const key = `${conflict.rule}:${[...conflict.picks].sort().join(',')}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const involved = defaults.find((d) => conflict.picks.includes(d.ref)) ?? defaults[0]!;
      const picks = conflict.picks.length > 0 ? conflict.picks.map((p) => `"${p}"`).join(', ') : all;
      findings.push({
        path: involved.path,
        code: 'conflicting-defaults',
        severity: 'error',
        message: `the defaults ${picks} conflict (rule "${conflict.rule}"${conflict.message ? `: ${conflict.message}` : ''})`,
      });
    }
  }
}

/**
 * A requires/excludes rule whose situation never arises is dead code in the catalog. Whether
 * it arises must be judged without the rule itself (an excludes rule always forbids its own
 * combination), so each candidate costs one compilation of the catalog minus that rule; the
 * number of such compilations is bounded.
 */
const MAX_RULE_PROBES = 200;

function checkRulesFire(
  doc: CatalogDocument,
  tiers: Tier[],
  limits: Partial<CompileLimits> | undefined,
  answersFor: (picks: string[]) => (ConfigureAnswer | undefined)[],
  findings: Finding[],
): void {
  const possibleIn = (compiled: CompiledCatalog, picks: string[]): boolean =>
    tiers.some((tier) => {
      try {
        return configure(compiled, [...new Set(picks)], { tier, today: ANY_DAY }).valid;
      } catch (error) {
        if (error instanceof InvalidPicksError) return false;
        throw error;
      }
    });
  let probes = 0;
  let skipped = 0;
  /** Whether `picks` can all be selected once `rule` is removed; `undefined` when not judged. */
  const possibleWithout = (r: number, picks: string[]): boolean | undefined => {
    if (probes >= MAX_RULE_PROBES) {
      skipped++;
      return undefined;
    }
    probes++;
    try {
      return possibleIn(compileCatalog({ ...doc, rules: doc.rules.filter((_, k) => k !== r) }, limits), picks);
    } catch (error) {
      if (error instanceof CatalogTooComplexError) return undefined;
      throw error;
    }
  };
  const quoted = (refs: string[]) => refs.map((p) => `"${p}"`).join(', ');

  doc.rules.forEach((rule, r) => {
    if (rule.type === 'requires') {
      if (answersFor([...new Set(rule.if)]).some((a) => a?.valid)) return; // the condition occurs: it fires
      const withoutRule = possibleWithout(r, rule.if);
      if (withoutRule === false) {
        findings.push({
          path: ['rules', r, 'if'],
          code: 'rule-never-fires',
          severity: 'warning',
          message: `rule "${rule.id}" never applies: no valid configuration selects all of ${quoted(rule.if)}`,
        });
      } else if (withoutRule === true) {
        findings.push({
          path: ['rules', r, 'then'],
          code: 'rule-forbids-condition',
          severity: 'warning',
          message: `rule "${rule.id}" can never be satisfied once ${quoted(rule.if)} are selected, so it only forbids them; if that is intended, write an excludes rule`,
        });
      }
    } else if (rule.type === 'excludes') {
      if (possibleWithout(r, rule.choices) === false) {
        findings.push({
          path: ['rules', r, 'choices'],
          code: 'rule-never-fires',
          severity: 'warning',
          message: `rule "${rule.id}" never applies: even without it, no valid configuration selects all of ${quoted(rule.choices)}`,
        });
      }
    }
  });
  if (skipped > 0) {
    findings.push({
      path: ['rules'],
      code: 'rule-checks-skipped',
      severity: 'warning',
      message: `${skipped} rule${skipped === 1 ? ' was' : 's were'} not checked for never applying (at most ${MAX_RULE_PROBES} compilations per validation)`,
    });
  }
}
