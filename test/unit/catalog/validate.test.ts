import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { validateCatalog, type Finding } from '#catalog/validate';
import { demoLaptopCatalog } from '../../bench/demo-laptop.ts';
import { renaultCatalog } from '../../fixtures/renault/models.ts';

/** A finding as "code @ path", easy to compare as a set. */
function located(findings: Finding[]): string[] {
  return findings.map((f) => `${f.code} @ ${f.path.join('/')}`);
}

/** Document-shaped access for mutating a catalog in a test. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function laptop(): Json {
  return demoLaptopCatalog() as Json;
}

describe('validateCatalog: schema stage', () => {
  it('turns a non-object into one finding at the root', () => {
    // Prepare
    const input = 'not a catalog';

    // Act
    const result = validateCatalog(input);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([expect.objectContaining({ path: [], code: 'schema-invalid-type', severity: 'error' })]);
  });

  it('reports every schema issue with its path, not just the first', () => {
    // Prepare
    const doc = laptop();
    doc.groups[0].choices[1].price = 'expensive';
    doc.groups[2].colour = 'red';
    doc.rules[0].then = ['psu150w'];
    doc.currency = 'euro';

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings)).toEqual(
      expect.arrayContaining([
        'schema-invalid-type @ groups/0/choices/1/price',
        'schema-unrecognized-keys @ groups/2/colour',
        'schema-invalid-format @ rules/0/then/0',
        'schema-invalid-format @ currency',
      ]),
    );
    expect(result.findings.every((f) => f.severity === 'error')).toBe(true);
  });
});

describe('validateCatalog: whole-document checks', () => {
  it('reports duplicates, dangling references, row arity, replacements, defaults and cardinality together', () => {
    // Prepare: one document with one of each problem
    const doc = laptop();
    doc.groups[4].id = 'chassis'; // duplicate group (memory renamed)
    doc.groups[2].choices[1].id = '65w'; // duplicate choice in psu
    doc.rules[1].id = 'gpu-psu'; // duplicate rule
    doc.rules[0].then = ['psu.150w', 'psu.300w']; // unknown choice
    doc.rules[2].choices = ['chassis.slim', 'graphics.rtx']; // unknown group
    doc.rules[5].allowed.push(['i5']); // wrong arity
    doc.rules[5].allowed.push(['i5', 'titanium']); // unknown cell
    doc.groups[0].choices[2].replacedBy = 'i11'; // replacement missing
    doc.groups[1].choices[0].retired = true;
    doc.groups[1].choices[0].replacedBy = 'arc'; // replaced by itself
    doc.groups[8].choices[1].default = true; // second default in a max-1 group
    doc.groups[6].min = 4; // packaging offers 3
    doc.groups[6].max = 4;
    doc.priceLists[1].entries.push({ target: 'gpu.titan', price: 1 }); // unknown price target

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings).sort()).toEqual(
      [
        'duplicate-group @ groups/4/id',
        'duplicate-choice @ groups/2/choices/1/id',
        'duplicate-rule @ rules/1/id',
        'unknown-choice @ rules/0/then/1',
        'unknown-group @ rules/2/choices/1',
        'row-arity @ rules/5/allowed/3',
        'unknown-choice @ rules/5/allowed/4/1',
        'replacement-missing @ groups/0/choices/2/replacedBy',
        'replacement-self @ groups/1/choices/0/replacedBy',
        'too-many-defaults @ groups/8/choices/1/default',
        'min-unreachable @ groups/6/min',
        'unknown-choice @ priceLists/1/entries/2/target',
        // memory.m64 and accessories... refer to groups that still exist; "memory" is gone:
        'unknown-group @ rules/3/if/0',
      ].sort(),
    );
  });

  it('reports a replacement that is itself retired, and more defaults than a multi-choice group allows', () => {
    // Prepare
    const doc = laptop();
    doc.groups[0].choices[1].retired = true; // i9 -> i7, now retired too
    doc.groups[0].choices[1].replacedBy = 'i5';
    doc.groups[5].max = 2;
    for (const choice of doc.groups[5].choices.slice(0, 3)) choice.default = true;

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(located(result.findings)).toEqual([
      'replacement-retired @ groups/0/choices/2/replacedBy',
      'too-many-defaults @ groups/5/choices/2/default',
    ]);
    expect(result.findings[1]!.message).toMatch(/at most 2 choices but has 3 defaults/);
  });

  it('counts only current choices against min', () => {
    // Prepare: the three cpu choices, one retired, and min 3
    const doc = laptop();
    doc.groups[0].min = 3;
    doc.groups[0].max = 3;

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(located(result.findings)).toContain('min-unreachable @ groups/0/min');
    expect(result.findings.find((f) => f.code === 'min-unreachable')!.message).toMatch(/offers 2/);
  });

  it('bounds the rows of all tables together, not only of each table', () => {
    // Prepare: two tables of 250,001 rows each, each within the per-table limit
    const doc = laptop();
    const rows = new Array(250_001).fill(['i5', '*']);
    doc.rules = [
      { id: 't1', type: 'table', groups: ['cpu', 'chassis'], allowed: rows },
      { id: 't2', type: 'table', groups: ['cpu', 'chassis'], allowed: rows },
    ];

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings)).toEqual(['too-many-table-rows @ rules']);
  });

  it('still runs the document checks when the schema rejects the document', () => {
    // Prepare
    const doc = laptop();
    doc.basePrice = -1;
    doc.groups[7].id = 'cpu'; // invoice: no rule refers to it

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(located(result.findings)).toEqual(['schema-too-small @ basePrice', 'duplicate-group @ groups/7/id']);
  });
});

describe('validateCatalog: service roles', () => {
  it('accepts the demo catalog with its roles, formats and gift packaging', () => {
    // Prepare
    const doc = laptop();
    // Act
    const result = validateCatalog(doc);
    // Assess
    expect(result.ok).toBe(true);
    expect(result.ok && result.doc.groups.filter((g) => g.role).map((g) => g.role)).toEqual([
      'packaging',
      'invoice-format',
      'delivery-mode',
    ]);
  });

  it('reports a role declared twice, a role on a product group, a missing format and misplaced format or gift', () => {
    // Prepare
    const doc = laptop();
    const invoice = doc.groups.findIndex((g: Json) => g.role === 'invoice-format');
    const delivery = doc.groups.findIndex((g: Json) => g.role === 'delivery-mode');
    const packaging = doc.groups.findIndex((g: Json) => g.role === 'packaging');
    delete doc.groups[invoice].choices[1].format;
    doc.groups[delivery].choices[0].format = 'pdf';
    doc.groups[delivery].choices[1].gift = true;
    doc.groups[0].role = 'packaging';

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings)).toEqual(
      expect.arrayContaining([
        `invoice-format-missing @ groups/${invoice}/choices/1`,
        `format-outside-invoice @ groups/${delivery}/choices/0/format`,
        `gift-outside-packaging @ groups/${delivery}/choices/1/gift`,
        'role-on-product-group @ groups/0/role',
        `duplicate-role @ groups/${packaging}/role`,
      ]),
    );
  });

  it('rejects an unknown role or format through the schema', () => {
    // Prepare
    const doc = laptop();
    const invoice = doc.groups.findIndex((g: Json) => g.role === 'invoice-format');
    doc.groups[invoice].choices[0].format = 'fax';
    doc.groups[0].role = 'warranty';
    // Act
    const result = validateCatalog(doc);
    // Assess
    expect(located(result.findings)).toEqual(
      expect.arrayContaining([`schema-invalid-value @ groups/${invoice}/choices/0/format`, 'schema-invalid-value @ groups/0/role']),
    );
  });
});

describe('validateCatalog: solution space (through the engine)', () => {
  it('accepts the demo laptop without findings', () => {
    // Prepare
    const doc = laptop();

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.ok && result.doc.rules).toHaveLength(6);
  });

  it('rejects a catalog without any valid configuration', () => {
    // Prepare: packaging is required and every packaging needs an express delivery that crates exclude
    const doc = laptop();
    doc.groups[6].choices = [{ id: 'crate', default: true }];
    doc.groups[8].choices = [{ id: 'express', default: true }];
    doc.rules = doc.rules.filter((r: Json) => r.id === 'crate-express' || r.id === 'gpu-psu');

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => [f.code, f.severity, f.path])).toEqual([['no-valid-configuration', 'error', ['rules', 1]]]);
    expect(result.findings[0]!.message).toMatch(/"crate-express"/);
  });

  it('warns about a choice no configuration can reach, naming the rules', () => {
    // Prepare: nothing can feed RTX graphics any more
    const doc = laptop();
    doc.groups[2].choices = doc.groups[2].choices.filter((c: Json) => c.id !== '150w');
    doc.rules[0].then = ['psu.200w'];
    doc.rules.push({ id: 'no-200w-rtx', type: 'excludes', choices: ['psu.200w', 'gpu.rtx'] });

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(true);
    const dead = result.findings.filter((f) => f.code === 'dead-choice');
    expect(located(dead)).toEqual(['dead-choice @ groups/1/choices/1']);
    expect(dead[0]!.severity).toBe('warning');
    // The minimal set of rules: slim-rtx also excludes rtx, but only for the slim chassis.
    expect(dead[0]!.message).toBe('"gpu.rtx" can never be chosen: rules "gpu-psu", "no-200w-rtx" together exclude it');
  });

  it('finds the dead values of the Renault medium model and names the rules behind each', () => {
    // Prepare: the values a SAT solver also finds in no valid car
    const doc = renaultCatalog('medium');

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(true);
    const dead = result.findings.filter((f) => f.code === 'dead-choice');
    expect(dead.map((f) => f.message.slice(0, f.message.indexOf(' can never')))).toEqual([
      '"v14.x4"',
      '"v18.x3"',
      '"v18.x8"',
      '"v18.x15"',
      '"v18.x16"',
    ]);
    for (const finding of dead) expect(finding.message).toMatch(/: rules? ("contrainte\d+"(, )?)+ together exclude it$/);
    expect(result.findings.length).toBe(dead.length);
  });

  it('does not call a tier-limited or retired choice dead', () => {
    // Prepare: i7 is for tiers A and B only, i9 is retired (both already in the demo)
    const doc = laptop();

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.findings.filter((f) => f.code === 'dead-choice')).toEqual([]);
  });

  it('rejects defaults that conflict with each other', () => {
    // Prepare: the slim chassis stays the default, and so does the 64 GB memory that needs the pro chassis
    const doc = laptop();
    doc.groups[4].choices[0].default = false;
    doc.groups[4].choices[2].default = true;

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    const conflict = result.findings.filter((f) => f.code === 'conflicting-defaults');
    expect(conflict).toHaveLength(1);
    expect(conflict[0]!.severity).toBe('error');
    expect(conflict[0]!.message).toMatch(/memory\.m64/);
    expect(conflict[0]!.path[0]).toBe('groups');
  });

  it('warns about rules that can never fire', () => {
    // Prepare: two choices of one single-choice group can never be selected together
    const doc = laptop();
    doc.rules.push({ id: 'i5-i7', type: 'excludes', choices: ['cpu.i5', 'cpu.i7'] });
    doc.rules.push({ id: 'arc-rtx', type: 'requires', if: ['gpu.arc', 'gpu.rtx'], then: ['psu.200w'] });

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(true);
    expect(located(result.findings.filter((f) => f.code === 'rule-never-fires'))).toEqual([
      'rule-never-fires @ rules/6/choices',
      'rule-never-fires @ rules/7/if',
    ]);
  });

  it('does not flag an excludes rule that forbids a combination that would otherwise be valid', () => {
    // Prepare: crate + express is valid without crate-express, so the rule does fire
    const doc = laptop();

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.findings.some((f) => f.path[0] === 'rules' && f.path[1] === 1)).toBe(false);
  });

  it('turns a catalog over the compile limits into a too-complex error', () => {
    // Prepare
    const doc = laptop();

    // Act
    const result = validateCatalog(doc, { limits: { maxTuples: 1, maxSteps: 1 } });

    // Assess
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([['too-complex', []]]);
  });
});

/** Every place in a JSON tree, as a path. */
function allPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) paths.push(...allPaths(v, [...prefix, i]));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths.push(...allPaths(v, [...prefix, k]));
  return paths;
}

function parentOf(root: unknown, path: (string | number)[]): Json | undefined {
  let node: any = root; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[key];
  }
  return node !== null && typeof node === 'object' ? node : undefined;
}

type Mutation = { at: number; op: 'replace' | 'delete' | 'duplicate' | 'copy-id'; value: unknown };

/** Applies one mutation at the `at`-th place (modulo) of the document; a no-op where it cannot apply. */
function mutate(doc: Json, mutation: Mutation): void {
  const paths = allPaths(doc).filter((p) => p.length > 0);
  const path = paths[mutation.at % paths.length]!;
  const parent = parentOf(doc, path);
  const key = path[path.length - 1]!;
  if (!parent) return;
  if (mutation.op === 'replace') parent[key] = mutation.value;
  else if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (mutation.op === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
  else if (mutation.op === 'copy-id' && Array.isArray(parent) && parent.length > 1) {
    const source = parent[(Number(key) + 1) % parent.length];
    const target = parent[Number(key)];
    if (source && target && typeof source === 'object' && typeof target === 'object' && 'id' in source) target.id = source.id;
  }
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace' as const, 'delete' as const, 'duplicate' as const, 'copy-id' as const),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('cpu', 'cpu.i5', 'gpu.rtx', '*', null, 0, -1, 4, true)),
});

describe('validateCatalog: properties', () => {
  it.each([-1, 0])('points "too many defaults" at a real default when a group says max %s (found by the property below)', (max) => {
    // Prepare: two defaults in a group whose max is out of range
    const doc = laptop() as { groups: { max: number; choices: { default?: boolean }[] }[] };
    doc.groups[0]!.max = max;
    for (const c of doc.groups[0]!.choices) c.default = true;
    // Act
    const result = validateCatalog(doc);
    // Assess
    const finding = result.findings.find((f) => f.code === 'too-many-defaults');
    expect(finding?.path.slice(0, 3)).toEqual(['groups', 0, 'choices']);
    expect(parentOf(doc, finding!.path)).toBeDefined();
  });

  it('does not crash on a negative max in a group without defaults (found by the property below)', () => {
    // Prepare
    const doc = laptop() as { groups: { max: number; choices: { default?: boolean }[] }[] };
    doc.groups[0]!.max = -1;
    for (const c of doc.groups[0]!.choices) delete c.default;
    // Act
    const result = validateCatalog(doc);
    // Assess
    expect(result.ok).toBe(false);
    expect(result.findings.some((f) => f.code === 'too-many-defaults')).toBe(false);
  });

  it('never throws on a mutated catalog and locates every finding in the input', () => {
    fc.assert(
      fc.property(fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }), (mutations) => {
        // Prepare
        const doc = laptop();
        for (const mutation of mutations) mutate(doc, mutation);

        // Act
        const result = validateCatalog(doc);

        // Assess
        for (const finding of result.findings) {
          expect(finding.path.every((k) => typeof k === 'string' || typeof k === 'number')).toBe(true);
          expect(finding.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
          expect(finding.message.length).toBeGreaterThan(0);
          expect(['error', 'warning']).toContain(finding.severity);
          // The path leads into the document: all but its last step exist (the last may be a missing key).
          if (finding.path.length > 0) expect(parentOf(doc, finding.path)).toBeDefined();
        }
        expect(result.ok).toBe(!result.findings.some((f) => f.severity === 'error'));
      }),
      { numRuns: 150 },
    );
  });

  it('finds a duplicate id wherever two sibling groups or rules share one', () => {
    fc.assert(
      fc.property(fc.constantFrom('groups', 'rules'), fc.nat(), fc.nat(), (list, a, b) => {
        // Prepare
        const doc = laptop();
        const items = doc[list] as Json[];
        const [first, second] = [a % items.length, b % items.length];
        fc.pre(first !== second);
        items[Math.max(first, second)]!.id = items[Math.min(first, second)]!.id;

        // Act
        const result = validateCatalog(doc);

        // Assess
        expect(result.ok).toBe(false);
        expect(located(result.findings)).toContain(
          `duplicate-${list === 'groups' ? 'group' : 'rule'} @ ${list}/${Math.max(first, second)}/id`,
        );
      }),
      { numRuns: 60 },
    );
  });
});
