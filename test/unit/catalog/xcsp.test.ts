import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importXcsp, XcspImportError } from '#catalog/xcsp';
import { CatalogDocumentSchema } from '#core/catalog-document';
import { renaultFixturePath } from '../../fixtures/renault/models.ts';

const tinyInstance = `<?xml version="1.0" encoding="UTF-8"?>
<!-- two options and a pack that needs both -->
<instance>
 <presentation format="XCSP 2.1" type="CSP" name="tiny" comment="optional variables have a joker value -1"/>
 <domains nbDomains="2">
  <domain name="D3" nbValues="3">0..2</domain>
  <domain name="Dopt" nbValues="3" optional="-1"> -1 0 1 </domain>
 </domains>
 <variables nbVariables="3">
  <variable name="colour" domain="D3"/>
  <variable name="roof" domain="Dopt"/>
  <variable name="v2_0_Pack" domain="D3"/>
 </variables>
 <relations nbRelations="1">
  <relation name="rel1" arity="2" nbTuples="3" semantics="supports">
   0 -1 | 1 0 |
   2 1
  </relation>
 </relations>
 <constraints nbConstraints="2">
  <constraint name="c1" arity="2" scope="colour roof" reference="rel1"/>
  <constraint name="c2" arity="2" scope="v2_0_Pack roof" reference="rel1"/>
 </constraints>
</instance>`;

describe('importXcsp', () => {
  it('turns variables into single-choice groups, values into xk choices and constraints into tables', () => {
    // Prepare: the tiny instance above

    // Act
    const doc = importXcsp(tinyInstance);

    // Assess
    expect(doc).toMatchObject({ id: 'tiny', name: 'tiny', currency: 'EUR', basePrice: 0, baseLeadDays: 0 });
    expect(doc.groups.map((g) => [g.id, g.kind, g.min, g.max, g.choices.map((c) => c.id)])).toEqual([
      ['colour', 'product', 1, 1, ['x0', 'x1', 'x2']],
      ['roof', 'product', 0, 1, ['x0', 'x1']],
      ['v2_0_Pack', 'product', 1, 1, ['x0', 'x1', 'x2']],
    ]);
    expect(doc.groups.flatMap((g) => g.choices.map((c) => c.price))).toEqual(new Array(8).fill(0));
    expect(doc.rules).toEqual([
      {
        id: 'c1',
        type: 'table',
        groups: ['colour', 'roof'],
        allowed: [
          ['x0', null],
          ['x1', 'x0'],
          ['x2', 'x1'],
        ],
      },
      // The same relation on another scope: the joker is judged per variable, so -1 is null for roof only.
      {
        id: 'c2',
        type: 'table',
        groups: ['v2_0_Pack', 'roof'],
        allowed: [
          ['x0', null],
          ['x1', 'x0'],
          ['x2', 'x1'],
        ],
      },
    ]);
    expect(CatalogDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('takes the product id and name from options when given', () => {
    // Prepare
    const options = { id: 'renault-tiny', name: 'Renault tiny' };

    // Act
    const doc = importXcsp(tinyInstance, options);

    // Assess
    expect([doc.id, doc.name]).toEqual(['renault-tiny', 'Renault tiny']);
  });

  it('drops tuples holding a value outside the variable domain, since they can never match', () => {
    // Prepare: value 5 is in no domain
    const xml = tinyInstance.replace('2 1\n', '2 1 | 5 0\n').replace('nbTuples="3"', 'nbTuples="4"');

    // Act
    const doc = importXcsp(xml);

    // Assess
    const firstRule = doc.rules[0];
    expect(firstRule?.type === 'table' && firstRule.allowed).toEqual([
      ['x0', null],
      ['x1', 'x0'],
      ['x2', 'x1'],
    ]);
  });

  it.each([
    [
      'a truncated document',
      tinyInstance.slice(0, tinyInstance.indexOf('</constraints>')),
      /<constraints> opened at line 20 is never closed/,
    ],
    ['a mismatched closing tag', tinyInstance.replace('</domains>', '</domain>'), /<\/domain> does not match <domains>/],
    [
      'a conflicts table',
      tinyInstance.replace('semantics="supports"', 'semantics="conflicts"'),
      /<relation name="rel1"> .*conflicts.* not supported/,
    ],
    ['a tuple of the wrong arity', tinyInstance.replace('1 0 |', '1 0 1 |'), /<relation name="rel1"> .*tuple 2 has 3 values, arity is 2/],
    ['a wrong tuple count', tinyInstance.replace('nbTuples="3"', 'nbTuples="4"'), /<relation name="rel1"> .*nbTuples="4" but 3 found/],
    ['an unknown domain', tinyInstance.replace('domain="Dopt"', 'domain="Nope"'), /<variable name="roof"> .*unknown domain "Nope"/],
    [
      'an unknown variable in a scope',
      tinyInstance.replace('scope="colour roof"', 'scope="colour wheels"'),
      /<constraint name="c1"> .*unknown variable "wheels"/,
    ],
    [
      'a predicate reference',
      tinyInstance.replace('reference="rel1"/>\n  <constraint name="c2"', 'reference="pred1"/>\n  <constraint name="c2"'),
      /<constraint name="c1"> .*"pred1" is not a declared <relation>/,
    ],
    ['a non-integer value', tinyInstance.replace('-1 0 1', '-1 zero 1'), /<domain name="Dopt"> .*"zero" is not an integer/],
    [
      'a missing attribute',
      tinyInstance.replace(' domain="D3"/>\n  <variable name="roof"', '/>\n  <variable name="roof"'),
      /<variable name="colour"> .*lacks the "domain" attribute/,
    ],
    [
      'a variable name that cannot be an id',
      tinyInstance.replaceAll('colour', 'col.our'),
      /<variable name="col.our"> .*cannot be a group id/,
    ],
    ['a missing variables section', tinyInstance.replace(/<variables[\s\S]*<\/variables>/, ''), /no <variables> section/],
    ['a root that is not an instance', '<catalog/>', /expected root element <instance>/],
    ['text after the root', `${tinyInstance} trailing`, /text outside the root element/],
  ])('rejects %s with an error naming the element', (_case, xml, message) => {
    // Prepare: the broken document of this case

    // Act
    const act = () => importXcsp(xml);

    // Assess
    expect(act).toThrow(XcspImportError);
    expect(act).toThrow(message);
  });

  it('reports the line of a malformed tag', () => {
    // Prepare: line 7 gets a broken attribute
    const xml = tinyInstance.replace('<domain name="D3" nbValues="3">', '<domain name="D3" nbValues=3>');

    // Act
    const act = () => importXcsp(xml);

    // Assess
    expect(act).toThrow(/line 6: malformed start tag <domain>/);
  });

  it('converts the Renault medium model: 148 groups, 174 tables, 9532 rows', () => {
    // Prepare
    const xml = readFileSync(renaultFixturePath('medium_domainsorted.xml'), 'utf8');

    // Act
    const doc = importXcsp(xml, { id: 'renault-medium' });

    // Assess
    expect(doc.id).toBe('renault-medium');
    expect(doc.groups).toHaveLength(148);
    expect(doc.rules).toHaveLength(174);
    expect(doc.rules.reduce((rows, r) => rows + (r.type === 'table' ? r.allowed.length : 0), 0)).toBe(9532);
    expect(doc.groups.find((g) => g.id === 'v7')).toMatchObject({ min: 0, max: 1, choices: [{ id: 'x0' }] });
    expect(doc.rules.find((r) => r.id === 'contrainte511')).toMatchObject({ groups: ['v20', 'v21', 'v27', 'v27_0_Pack'] });
    expect(CatalogDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('converts the Renault big model into about 7 MB of JSON', () => {
    // Prepare
    const xml = readFileSync(renaultFixturePath('big_domainsorted.xml'), 'utf8');

    // Act
    const doc = importXcsp(xml, { id: 'renault-big' });

    // Assess
    expect([doc.groups.length, doc.rules.length]).toEqual([268, 332]);
    expect(doc.rules.reduce((rows, r) => rows + (r.type === 'table' ? r.allowed.length : 0), 0)).toBe(225_989);
    const megabytes = JSON.stringify(doc).length / 1e6;
    expect(megabytes).toBeGreaterThan(6.5);
    expect(megabytes).toBeLessThan(7.5);
  });
});
