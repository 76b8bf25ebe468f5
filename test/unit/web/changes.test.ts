/**
 * How the page words one change today's catalog made to something the customer left earlier (a
 * usual order, a saved configuration): choice names from either catalog version, never a raw
 * "group.choice" reference, and why.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogDocument } from '../../../web/src/api.ts';
import { choiceName } from '../../../web/src/catalog.ts';
import { describeChange, type Change } from '../../../web/src/changes.ts';

const document = {
  groups: [
    {
      id: 'keyboard',
      name: 'Keyboard layout',
      kind: 'product',
      min: 1,
      max: 1,
      choices: [{ id: 'uk', name: 'UK English' }],
    },
    {
      id: 'display',
      name: 'Display',
      kind: 'product',
      min: 1,
      max: 1,
      choices: [
        { id: 'qhd', name: '14" QHD 120 Hz', retired: true },
        { id: 'qhd2', name: '14" QHD+ 144 Hz' },
      ],
    },
  ],
} as unknown as CatalogDocument;
/** The version the customer chose from, which still had the Nordic keyboard. */
const earlier = { groups: [{ id: 'keyboard', choices: [{ id: 'nordic', name: 'Nordic' }] }] } as unknown as CatalogDocument;
const name = (ref: string) => choiceName([document, earlier], ref);

describe('describeChange', () => {
  it.each<[string, Change, string]>([
    [
      'a deleted choice, named from the earlier version',
      { kind: 'dropped', group: 'keyboard', from: 'keyboard.nordic', reason: 'keyboard.nordic is no longer offered' },
      'Keyboard layout: Nordic is no longer included. Why: Nordic is no longer offered.',
    ],
    [
      'a retired choice and its replacement',
      {
        kind: 'replaced',
        group: 'display',
        from: 'display.qhd',
        to: 'display.qhd2',
        reason: '14" QHD 120 Hz is no longer offered; replaced by 14" QHD+ 144 Hz',
      },
      'Display: 14" QHD 120 Hz is replaced by 14" QHD+ 144 Hz. Why: 14" QHD 120 Hz is no longer offered; replaced by 14" QHD+ 144 Hz.',
    ],
    [
      'a standard choice filled in',
      { kind: 'added', group: 'keyboard', to: 'keyboard.uk', reason: "the catalog's standard choice, in place of one no longer available" },
      "Keyboard layout: UK English is added. Why: The catalog's standard choice, in place of one no longer available.",
    ],
    [
      'a preference applied',
      { kind: 'preference', group: 'display', from: 'display.qhd', to: 'display.qhd2', reason: 'your preferred display is now QHD+' },
      'Display: now 14" QHD+ 144 Hz instead of 14" QHD 120 Hz. Why: Your preferred display is now QHD+.',
    ],
  ])('words %s', (_label, change, expected) => {
    // Act
    const text = describeChange(change, document, name);
    // Assess
    expect(text).toBe(expected);
  });
});
