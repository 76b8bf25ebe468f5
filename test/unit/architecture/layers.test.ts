/**
 * The layer rule (.dependency-cruiser.cjs), run with dependency-cruiser itself: the real tree has
 * no import against the layers, and each rule does catch the kind of import it forbids (so a
 * rule that silently stopped matching, e.g. after a folder moved, fails here).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

async function violationsIn(baseDir: string, roots: string[]): Promise<string[]> {
  const result = await cruise(roots, {
    ...config.options,
    baseDir,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
  } as never);
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('layers', () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'layers-'));
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  it('has no import against the layers in the project', async () => {
    // Act
    const violations = await violationsIn(process.cwd(), ['shared', 'functions', 'infra', 'web/src', 'test']);
    // Assess
    expect(violations).toEqual([]);
  });

  it('catches each kind of import the layers forbid', async () => {
    // Prepare: a tiny tree with one offending import per rule.
    const files: Record<string, string> = {
      'shared/core/ids.ts': "import { x } from '../engine/model.ts';\nexport const y = x;\n",
      'shared/engine/model.ts': "import { load } from '../store/repo.ts';\nexport const x = load;\n",
      'shared/orders/placement.ts': "import { load } from '../store/repo.ts';\nexport const place = load;\n",
      'shared/orders/schemas.ts': 'export const OrderSchema = 1;\n',
      'shared/store/repo.ts':
        "import { place } from '../orders/placement.ts';\nimport { OrderSchema } from '../orders/schemas.ts';\nimport type { Y } from '../orders/types.ts';\nexport const load = [place, OrderSchema] as unknown as Y;\n",
      'shared/orders/types.ts': 'export type Y = number;\n',
      'shared/http/handler.ts': "import { load } from '../store/repo.ts';\nexport const h = load;\n",
      'web/src/app.ts': "import { place } from '../../shared/orders/placement.ts';\nexport const a = place;\n",
      'shared/catalog/publication.ts': "import { place } from '../orders/placement.ts';\nexport const p = place;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(sandbox, path)), { recursive: true });
      writeFileSync(join(sandbox, path), text);
    }
    // Act
    const violations = await violationsIn(sandbox, ['shared', 'web']);
    // Assess
    const rules = new Set(violations.map((v) => v.split(':')[0]));
    expect([...rules].sort()).toEqual([
      'adapters-import-domain-types-only',
      'adapters-stay-apart',
      'core-is-the-bottom',
      'domain-never-imports-an-adapter',
      'domain-order-catalog-partners-recommend',
      'engine-is-pure',
      'no-circular',
      'web-uses-core-values-and-shared-types',
    ]);
    // The schema and the type-only import are allowed.
    expect(violations.filter((v) => v.includes('schemas.ts') || v.includes('types.ts'))).toEqual([]);
  });
});
