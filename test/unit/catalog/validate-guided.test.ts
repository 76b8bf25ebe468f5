/**
 * The linter on guided-selling content: resource rules (numeric attributes that exist, a rule
 * some selection can satisfy, figures that sum exactly, `when` naming real needs) and needs
 * (unique ids, `prefer`/`require` naming real choices, answers some configuration can meet).
 * The starting point is the shipped demo laptop, which has all of these and lints clean.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCatalog, type Finding } from '#catalog/validate';

/** Document-shaped access for mutating a catalog in a test. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEMO = readFileSync(new URL('../../../infra/local/demo/laptop-x1.json', import.meta.url), 'utf8');

function laptop(): Json {
  return JSON.parse(DEMO) as Json;
}

function located(findings: Finding[]): string[] {
  return findings.map((f) => `${f.code} @ ${f.path.join('/')}`);
}

const groupIndex = (doc: Json, id: string): number => doc.groups.findIndex((g: Json) => g.id === id);
const ruleIndex = (doc: Json, id: string): number => doc.rules.findIndex((r: Json) => r.id === id);
const needIndex = (doc: Json, id: string): number => doc.needs.findIndex((n: Json) => n.id === id);

describe('validateCatalog: resource rules and needs', () => {
  it('accepts the demo laptop, with its power budget, weight limit and four needs, without a finding', () => {
    // Act
    const result = validateCatalog(laptop());

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('refuses a resource rule over an attribute no choice has, pointing at the rule', () => {
    // Prepare
    const doc = laptop();
    const r = ruleIndex(doc, 'power');
    doc.rules[r].attribute = 'wats';

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings)).toEqual([`resource-attribute-missing @ rules/${r}/attribute`]);
    expect(result.findings[0]!.message).toBe('rule "power" sums "wats", but no choice has that attribute');
  });

  it('refuses a capacity attribute no choice has', () => {
    // Prepare
    const doc = laptop();
    const r = ruleIndex(doc, 'power');
    doc.rules[r].capacity = 'supply';

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(located(result.findings)).toEqual([`resource-attribute-missing @ rules/${r}/capacity`]);
  });

  it('refuses a non-numeric attribute value once, pointing at the choice that has it', () => {
    // Prepare
    const doc = laptop();
    const g = groupIndex(doc, 'graphics');
    doc.groups[g].choices[1].attributes.watts = '75 W';

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings)).toEqual([`resource-attribute-not-numeric @ groups/${g}/choices/1/attributes/watts`]);
    expect(result.findings[0]!.message).toBe('rule "power" sums "watts", but "graphics.rtx4060" has "75 W" there, not a number');
  });

  it('refuses a resource rule no configuration can satisfy, with its figures', () => {
    // Prepare: the idle draw of the cheapest modules (38 W) is over a 30 W battery budget
    const doc = laptop();
    const r = ruleIndex(doc, 'battery-day');
    doc.rules[r].capacity = 30;

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings)).toEqual([`resource-unsatisfiable @ rules/${r}`]);
    expect(result.findings[0]!.message).toBe(
      'rule "battery-day" can never be satisfied while it applies: even the smallest selection needs 38 W of "watts", over the limit of 30 W',
    );
  });

  it('refuses a power budget no supply can meet', () => {
    // Prepare: every supply gives 10 W
    const doc = laptop();
    for (const choice of doc.groups[groupIndex(doc, 'psu')].choices) choice.attributes.supplyWatts = 10;

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(located(result.findings)).toEqual([`resource-unsatisfiable @ rules/${ruleIndex(doc, 'power')}`]);
    expect(result.findings[0]!.message).toMatch(/needs 38 W of "watts", over the 10 W it brings$/);
  });

  it('refuses figures too precise to be summed exactly', () => {
    // Prepare
    const doc = laptop();
    doc.groups[groupIndex(doc, 'cpu')].choices[0].attributes.watts = 1e-300;

    // Act
    const result = validateCatalog(doc);

    // Assess: both rules that sum watts
    expect(located(result.findings)).toEqual([
      `resource-precision @ rules/${ruleIndex(doc, 'power')}`,
      `resource-precision @ rules/${ruleIndex(doc, 'battery-day')}`,
    ]);
  });

  it('refuses a `when` naming a need or an answer that does not exist', () => {
    // Prepare
    const doc = laptop();
    const weight = ruleIndex(doc, 'travel-weight');
    const battery = ruleIndex(doc, 'battery-day');
    doc.rules[weight].when.need = 'trips';
    doc.rules[battery].when.answers = ['day', 'week'];

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(located(result.findings).sort()).toEqual(
      [`unknown-need @ rules/${weight}/when/need`, `unknown-answer @ rules/${battery}/when/answers/1`].sort(),
    );
  });

  it('refuses prefer and require naming choices or groups that do not exist, with their paths', () => {
    // Prepare
    const doc = laptop();
    const use = needIndex(doc, 'use');
    doc.needs[use].answers[1].prefer[0].choice = 'memory.48gb';
    doc.needs[use].answers[1].require = ['graphics.rtx4060', 'gpu.rtx4080'];

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(located(result.findings).sort()).toEqual(
      [`unknown-choice @ needs/${use}/answers/1/prefer/0/choice`, `unknown-group @ needs/${use}/answers/1/require/1`].sort(),
    );
    expect(result.findings.find((f) => f.code === 'unknown-choice')!.message).toBe(
      'answer "use.video" refers to "memory.48gb", but group "memory" has no choice "48gb"',
    );
  });

  it('refuses duplicate need ids and duplicate answer ids within a need', () => {
    // Prepare
    const doc = laptop();
    doc.needs[needIndex(doc, 'screen')].id = 'use';
    doc.needs[needIndex(doc, 'travel')].answers[1].id = 'desk';

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(located(result.findings).sort()).toEqual(['duplicate-need @ needs/3/id', 'duplicate-answer @ needs/1/answers/1/id'].sort());
    expect(result.findings.find((f) => f.code === 'duplicate-need')!.message).toBe('need id "use" is already used by needs[0]');
  });

  it('warns about an answer no valid configuration can meet', () => {
    // Prepare: a full day on battery (at most 50 W) can never drive the OLED, which needs RTX graphics
    const doc = laptop();
    const battery = needIndex(doc, 'battery');
    doc.needs[battery].answers[1].require = ['display.oled4k'];

    // Act
    const result = validateCatalog(doc);

    // Assess
    expect(result.ok).toBe(true);
    expect(located(result.findings)).toEqual([`need-answer-impossible @ needs/${battery}/answers/1`]);
    expect(result.findings[0]!.message).toBe(
      'no valid configuration fits the answer "A full working day" to "How long must it run away from a socket?"',
    );
  });
});
