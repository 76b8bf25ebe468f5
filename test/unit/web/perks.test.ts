/** The tier benefits as the page words them: on the choices they make free, and in the summary. */
import { describe, expect, it } from 'vitest';
import { perkLines, perkNote } from '../../../web/src/configurator/perks.ts';

const names: Record<string, string> = { 'delivery.express': 'Express delivery', 'invoice.edi': 'EDI invoice' };
const gold = {
  tier: 'A' as const,
  label: 'Gold',
  included: [
    { ref: 'delivery.express', selected: true },
    { ref: 'invoice.edi', selected: false },
  ],
  leadDaysLess: 1,
  priceList: 'perks-A',
};

describe('perkNote', () => {
  it('names the tier on every choice it gets at no charge, chosen or not, and on no other choice', () => {
    // Act
    const notes = ['delivery.express', 'invoice.edi', 'delivery.standard'].map((ref) =>
      perkNote(gold, ref, names[ref] ?? 'Standard delivery'),
    );
    // Assess
    expect(notes).toEqual(['Gold: Express delivery included', 'Gold: EDI invoice included', undefined]);
    expect(perkNote(undefined, 'delivery.express', 'Express delivery')).toBeUndefined();
  });
});

describe('perkLines', () => {
  it('lists the included choices that are chosen and the priority build days', () => {
    // Act
    const lines = perkLines(gold, (ref) => names[ref]!);
    const longer = perkLines({ ...gold, included: [], leadDaysLess: 2 }, (ref) => names[ref]!);
    // Assess
    expect(lines).toEqual(['Gold: Express delivery included', 'Gold: priority build, ships 1 working day sooner']);
    expect(longer).toEqual(['Gold: priority build, ships 2 working days sooner']);
  });

  it('says nothing when the tier has nothing that applies, or the caller has no tier', () => {
    // Act + Assess
    expect(perkLines({ ...gold, included: [{ ref: 'invoice.edi', selected: false }], leadDaysLess: 0 }, (ref) => names[ref]!)).toEqual([]);
    expect(perkLines(undefined, (ref) => names[ref]!)).toEqual([]);
  });
});
