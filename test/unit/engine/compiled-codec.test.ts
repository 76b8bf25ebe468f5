/**
 * The compiled form as bytes: a decoded catalog answers every `configure` and `complete`
 * exactly as the freshly compiled one (states, reasons, giveUp, repairs, fromPrice, budget,
 * needs, resource rules, prices, dates), on random small catalogs (fast-check), the demo
 * laptop and the Renault models (seeded walks); bytes that do not hold a compiled catalog
 * throw a CompiledFormatError; and a pinned digest catches a change of the compiled form made
 * without bumping the format version.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogDocumentSchema, type CatalogDocument, type CatalogDocumentInput, type Tier } from '#core/catalog-document';
import {
  COMPILED_FORMAT_VERSION,
  CompiledFormatError,
  compileCatalog,
  complete,
  configure,
  decodeCompiledCatalog,
  encodeCompiledCatalog,
  type CompiledCatalog,
  type CompletionGoal,
} from '#engine/index';
import { readDemoCatalog } from '../../../infra/local/seed.ts';
import { SeededRandom } from '../../bench/seeded-random.ts';
import { renaultCatalog, renaultSoldCars } from '../../fixtures/renault/models.ts';
import { guidedCatalogArb, guidedRequestArb } from './arbitraries.ts';

const TODAY = '2026-03-02';
const GOALS: CompletionGoal[] = ['cheapest', 'needs', 'popular'];

/** An answer, or the error it threw (class and message): both sides must agree on either. */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return { threw: (error as Error).name, message: (error as Error).message };
  }
}

interface Request {
  picks: string[];
  tier: Tier | null;
  needs?: Record<string, string>;
  budget?: number;
  keepFirst?: string[];
}

/** Both catalogs' configure and complete answers (every goal) for one request. */
function answersOf(compiled: CompiledCatalog, r: Request) {
  const options = {
    tier: r.tier,
    today: TODAY,
    ...(r.needs ? { needs: r.needs } : {}),
    ...(r.budget !== undefined ? { budget: r.budget } : {}),
    ...(r.keepFirst ? { keepFirst: r.keepFirst } : {}),
  };
  return {
    configure: outcome(() => configure(compiled, r.picks, options)),
    complete: GOALS.map((goal) =>
      outcome(() =>
        complete(
          compiled,
          { picks: r.picks, goal, ...(r.needs ? { needs: r.needs } : {}), ...(r.budget !== undefined ? { budget: r.budget } : {}) },
          { tier: r.tier, today: TODAY },
        ),
      ),
    ),
  };
}

const roundTrip = (compiled: CompiledCatalog): CompiledCatalog => decodeCompiledCatalog(encodeCompiledCatalog(compiled));

/** Seeded walks: each step picks a random available choice of a random open group, under the request's needs and budget. */
function walks(compiled: CompiledCatalog, count: number, seed: number, base: Omit<Request, 'picks'>): Request[] {
  const random = new SeededRandom(seed);
  const requests: Request[] = [];
  for (let w = 0; w < count; w++) {
    const picks: string[] = [];
    for (let step = 0; step < 40; step++) {
      requests.push({ ...base, picks: [...picks] });
      const answer = configure(compiled, picks, { tier: base.tier, today: TODAY, ...(base.needs ? { needs: base.needs } : {}) });
      const open = answer.groups
        .filter((g) => !picks.some((p) => p.startsWith(`${g.id}.`)))
        .map((g) => ({ id: g.id, choices: g.choices.filter((c) => c.state !== 'excluded' && c.state !== 'selected') }))
        .filter((g) => g.choices.length > 0);
      if (open.length === 0) break;
      const group = open[random.below(open.length)]!;
      // Now and then an excluded choice too: conflicts, repairs and reasons must survive the trip.
      const all = answer.groups.find((g) => g.id === group.id)!.choices;
      const choice = random.below(5) === 0 ? all[random.below(all.length)]! : group.choices[random.below(group.choices.length)]!;
      picks.push(`${group.id}.${choice.id}`);
    }
  }
  return requests;
}

describe('compiled catalog codec', () => {
  it('answers like the compiled catalog on random catalogs with prices, needs, budgets and resource rules', () => {
    fc.assert(
      fc.property(
        guidedCatalogArb.chain((doc) => fc.tuple(fc.constant(doc), fc.array(guidedRequestArb(doc), { minLength: 1, maxLength: 4 }))),
        ([doc, requests]) => {
          // Prepare
          let compiled: CompiledCatalog;
          try {
            compiled = compileCatalog(doc);
          } catch {
            return; // too complex or empty: nothing to store
          }
          // Act
          const decoded = roundTrip(compiled);
          // Assess
          expect(JSON.stringify(decoded.doc)).toBe(JSON.stringify(doc));
          for (const r of requests) expect(answersOf(decoded, r)).toEqual(answersOf(compiled, r));
        },
      ),
      { numRuns: 150, seed: 8008 },
    );
  });

  it('answers like the compiled catalog on the demo laptop, with and without needs and a budget', () => {
    // Prepare
    const doc = CatalogDocumentSchema.parse(readDemoCatalog());
    const compiled = compileCatalog(doc);
    const requests = [
      ...walks(compiled, 6, 1, { tier: 'B' }),
      ...walks(compiled, 6, 2, { tier: null, needs: { use: 'video', travel: 'light' }, budget: 260_000 }),
      ...walks(compiled, 4, 3, { tier: 'A', needs: { battery: 'day', screen: 'colour' }, budget: 150_000 }),
    ];
    // Act
    const decoded = roundTrip(compiled);
    // Assess
    expect(decoded.stats).toEqual(compiled.stats);
    expect(requests.length).toBeGreaterThan(40);
    for (const r of requests) expect(answersOf(decoded, r)).toEqual(answersOf(compiled, r));
  });

  for (const model of ['medium', 'big'] as const) {
    it(`answers like the compiled catalog on Renault ${model}, with seeded prices and budgets`, () => {
      // Prepare
      const doc = renaultCatalog(model);
      const priced: CatalogDocument = structuredClone(doc);
      const random = new SeededRandom(17);
      for (const g of priced.groups) for (const c of g.choices) c.price = random.below(1000) * 100;
      const cars = renaultSoldCars(model);
      const sold = (seed: number, count: number): Request[] => {
        const r = new SeededRandom(seed);
        return Array.from({ length: count }, () => {
          const car = cars[r.below(cars.length)]!;
          const known = r.shuffled(car.values.filter((v) => v.choice !== null)).slice(0, r.below(12));
          return { tier: null, picks: known.map((v) => `${v.group}.${v.choice}`) };
        });
      };
      const withBudgets = (requests: Request[]) => requests.map((r, i) => ({ ...r, ...(i % 2 ? { budget: 30_000 + i * 5_000 } : {}) }));
      // Big compiles in seconds: only its priced form (unpriced requests are those without a budget).
      const cases: [CatalogDocument, Request[]][] =
        model === 'big'
          ? [[priced, withBudgets(sold(6, 6))]]
          : [
              [doc, sold(5, 20)],
              [priced, withBudgets(sold(6, 12))],
            ];
      for (const [document, requests] of cases) {
        const compiled = compileCatalog(document);
        // Act
        const decoded = roundTrip(compiled);
        // Assess
        expect(JSON.stringify(decoded.doc)).toBe(JSON.stringify(document));
        for (const r of requests) expect(answersOf(decoded, r)).toEqual(answersOf(compiled, r));
      }
    }, 240_000);
  }

  it('refuses bytes that do not hold a compiled catalog', () => {
    // Prepare
    const bytes = encodeCompiledCatalog(compileCatalog(CatalogDocumentSchema.parse(SMALL)));
    const problemOf = (input: Uint8Array) => {
      try {
        decodeCompiledCatalog(input);
        return 'decoded';
      } catch (error) {
        return error instanceof CompiledFormatError ? error.problem : `other: ${(error as Error).message}`;
      }
    };
    const garbledManifest = bytes.slice();
    garbledManifest[6] = 0xff;
    const lyingLength = bytes.slice();
    new DataView(lyingLength.buffer).setUint32(0, bytes.length, true);
    // Act, Assess
    expect(problemOf(bytes)).toBe('decoded');
    expect(problemOf(bytes.subarray(0, 2))).toBe('truncated');
    expect(problemOf(bytes.subarray(0, bytes.length - 8))).toBe('truncated');
    expect(problemOf(lyingLength)).toBe('truncated');
    expect(problemOf(garbledManifest)).toBe('corrupt');
  });

  it('keeps the compiled form of a fixed catalog, byte for byte, within one format version', () => {
    // Prepare
    const compiled = compileCatalog(CatalogDocumentSchema.parse(SMALL));
    // Act
    const digest = createHash('sha256').update(encodeCompiledCatalog(compiled)).digest('hex');
    // Assess: a new digest means the compiled form changed. Bump COMPILED_FORMAT_VERSION
    // (shared/engine/compiled-codec.ts) and then pin the new digest here, so that artifacts
    // of the old form are rebuilt instead of decoded into a wrong catalog.
    expect({ format: COMPILED_FORMAT_VERSION, digest }).toEqual({
      format: 1,
      digest: '8597c795be2e1ca967a3182bbc285a3045b65f680a90ae8ec63e99794f54aaeb',
    });
  });
});

/** A small catalog touching every part of the compiled form: a table, requires, excludes, a multi-choice group, a resource rule, a need. */
const SMALL: CatalogDocumentInput = {
  id: 'codec-pin',
  name: 'Codec pin',
  currency: 'EUR',
  basePrice: 1000,
  baseLeadDays: 2,
  groups: [
    {
      id: 'cpu',
      name: 'CPU',
      kind: 'product',
      min: 1,
      max: 1,
      choices: [
        { id: 'a', name: 'A', price: 0, attributes: { watts: 30 } },
        { id: 'b', name: 'B', price: 500, attributes: { watts: 60 } },
      ],
    },
    {
      id: 'psu',
      name: 'PSU',
      kind: 'product',
      min: 1,
      max: 1,
      choices: [
        { id: 'small', name: 'Small', price: 0, attributes: { supply: 50 } },
        { id: 'big', name: 'Big', price: 200, attributes: { supply: 100 } },
      ],
    },
    {
      id: 'extras',
      name: 'Extras',
      kind: 'service',
      min: 0,
      max: 2,
      choices: [
        { id: 'x', name: 'X', price: 100 },
        { id: 'y', name: 'Y', price: 100 },
        { id: 'z', name: 'Z', price: 100, tiers: ['A'] },
      ],
    },
  ],
  rules: [
    {
      id: 't1',
      type: 'table',
      groups: ['cpu', 'extras'],
      allowed: [
        ['a', '*'],
        ['b', 'x'],
        ['b', null],
      ],
      message: 'table',
    },
    { id: 'r1', type: 'requires', if: ['cpu.b'], then: ['psu.big'], message: 'requires' },
    { id: 'e1', type: 'excludes', choices: ['extras.x', 'extras.y'], message: 'excludes' },
    { id: 'p1', type: 'resource', attribute: 'watts', capacity: 'supply', message: 'power' },
  ],
  needs: [
    {
      id: 'use',
      question: 'Use?',
      answers: [
        { id: 'work', label: 'Work', prefer: [{ choice: 'cpu.a', weight: 2 }] },
        { id: 'play', label: 'Play', require: ['cpu.b'] },
      ],
    },
  ],
};
