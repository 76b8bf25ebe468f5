import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoLaptopCatalog } from '../../bench/demo-laptop.ts';
import { renaultFixturePath } from '../../fixtures/renault/models.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the CLI as a user would (node + tsx), from the repository root. */
function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'shared/catalog/cli.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** No user error may surface as a stack trace. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

let dir: string;
let laptopFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-cli-'));
  laptopFile = join(dir, 'laptop.json');
  writeFileSync(laptopFile, JSON.stringify(demoLaptopCatalog()));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('catalog CLI: arguments and files', () => {
  it('prints the usage on help', () => {
    // Prepare: nothing

    // Act
    const run = cli('help');

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run --silent catalog -- <command>/);
  });

  it.each([
    ['an unknown command', ['publish', 'x.json'], /unknown command "publish"/],
    ['no command', [], /missing command/],
    ['an unknown flag', ['validate', 'x.json', '--jsn'], /Unknown option '--jsn'/],
    ['a missing file argument', ['configure', '--picks', 'cpu.i5'], /missing FILE argument/],
  ])('rejects %s with the usage on stderr and exit 1', (_case, args, message) => {
    // Prepare: the arguments of this case

    // Act
    const run = cli(...args);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage:/);
    expectNoStackTrace(run.stderr);
  });

  it('says clearly when the file cannot be read', () => {
    // Prepare
    const missing = join(dir, 'missing.json');

    // Act
    const run = cli('validate', missing);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`catalog: cannot read ${missing}: no such file\n`);
  });

  it('says clearly when the file is not JSON', () => {
    // Prepare
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"id": "laptop",');

    // Act
    const run = cli('configure', file, '--picks', 'cpu.i5');

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^catalog: .*broken\.json is not valid JSON/);
    expectNoStackTrace(run.stderr);
  });

  it('rejects a tier that does not exist', () => {
    // Prepare: the laptop file

    // Act
    const run = cli('configure', laptopFile, '--tier', 'D');

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--tier must be A, B or C, not "D"/);
  });
});

describe('catalog CLI: validate', () => {
  it('lists every finding with its path and exits 1 on errors', () => {
    // Prepare
    const doc = demoLaptopCatalog();
    doc.groups[3]!.id = 'cpu';
    doc.basePrice = -5;
    const file = join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify(doc));

    // Act
    const run = cli('validate', file);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^error +basePrice: .*\[schema-too-small\]$/m);
    expect(run.stdout).toMatch(/^error +groups\[3\]\.id: group id "cpu" is already used by groups\[0\] \[duplicate-group\]$/m);
    expect(run.stdout).toMatch(/invalid\.json: \d+ errors, 0 warnings\n$/);
  });

  it('prints the findings as JSON with --json', () => {
    // Prepare
    const file = join(dir, 'not-a-catalog.json');
    writeFileSync(file, '[]');

    // Act
    const run = cli('validate', file, '--json');

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      findings: [expect.objectContaining({ path: [], code: 'schema-invalid-type', severity: 'error' })],
    });
  });

  it('accepts the demo laptop with exit 0', () => {
    // Prepare: the laptop file

    // Act
    const run = cli('validate', laptopFile, '--json');

    // Assess
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, findings: [] });
    expect(run.code).toBe(0);
  });
});

describe('catalog CLI: configure', () => {
  it("prints the engine's answer as JSON", () => {
    // Prepare: the laptop file

    // Act
    const run = cli('configure', laptopFile, '--picks', 'cpu.i7,gpu.rtx', '--tier', 'A', '--today', '2025-03-03');

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.valid).toBe(true);
    const chassis = answer.groups.find((g: { id: string }) => g.id === 'chassis');
    expect(chassis.choices.find((c: { id: string }) => c.id === 'pro').state).toBe('forced');
    expect(answer.price.currency).toBe('EUR');
  });

  it('reports invalid picks on stderr with exit 1', () => {
    // Prepare: the laptop file

    // Act
    const run = cli('configure', laptopFile, '--picks', 'cpu.i5,cpu.i99', '--today', '2025-03-03');

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/cpu\.i99/);
    expectNoStackTrace(run.stderr);
  });

  it('refuses an invalid catalog with its findings', () => {
    // Prepare
    const doc = demoLaptopCatalog();
    doc.rules!.push({ id: 'ghost', type: 'excludes', choices: ['cpu.i5', 'gpu.ghost'] });
    const file = join(dir, 'ghost.json');
    writeFileSync(file, JSON.stringify(doc));

    // Act
    const run = cli('configure', file, '--picks', 'cpu.i5');

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/rules\[6\]\.choices\[1\]: .*"gpu\.ghost"/);
    expect(run.stderr).toMatch(/is not a valid catalog document/);
  });
});

describe('catalog CLI: import-xcsp', () => {
  it('converts the Renault medium model, and the result validates', () => {
    // Prepare
    const out = join(dir, 'medium.json');

    // Act
    const imported = cli('import-xcsp', renaultFixturePath('medium_domainsorted.xml'), '--out', out, '--id', 'renault-medium');
    const validated = cli('validate', out, '--json');

    // Assess
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/148 groups, 174 rules, 9532 table rows/);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect([doc.id, doc.groups.length, doc.rules.length]).toEqual(['renault-medium', 148, 174]);
    const result = JSON.parse(validated.stdout);
    expect(result.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(validated.code).toBe(0);
  });

  it('prints the document on stdout without --out', () => {
    // Prepare
    const file = join(dir, 'tiny.xml');
    writeFileSync(
      file,
      '<instance><presentation name="tiny"/><domains><domain name="D">0 1</domain></domains><variables><variable name="a" domain="D"/></variables></instance>',
    );

    // Act
    const run = cli('import-xcsp', file);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: 'tiny', groups: [{ id: 'a', choices: [{ id: 'x0' }, { id: 'x1' }] }], rules: [] });
  });

  it('names the element of a malformed instance', () => {
    // Prepare
    const file = join(dir, 'broken.xml');
    writeFileSync(
      file,
      '<instance><domains><domain name="D">0 1</domain></domains><variables><variable name="a" domain="E"/></variables></instance>',
    );

    // Act
    const run = cli('import-xcsp', file);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^catalog: .*broken\.xml: <variable name="a"> \(line 1\): unknown domain "E"\n$/);
  });
});

/** The shipped demo laptop: needs questions, a power budget and a weight limit. */
const demoFile = fileURLToPath(new URL('../../../infra/local/demo/laptop-x1.json', import.meta.url));

type ChoiceJson = { id: string; state: string; fromPrice: number | null; reasons?: { rule: string; message: string }[] };
type GroupJson = { id: string; choices: ChoiceJson[] };
const choiceIn = (answer: { groups: GroupJson[] }, ref: string): ChoiceJson => {
  const [g, c] = ref.split('.');
  return answer.groups.find((x) => x.id === g)!.choices.find((x) => x.id === c)!;
};

describe('catalog CLI: guided selling', () => {
  it('configures with a budget and stated needs: fromPrice on every choice, budget and need reasons', () => {
    // Prepare: the demo laptop

    // Act
    const run = cli('configure', demoFile, '--tier', 'A', '--today', '2025-03-03', '--budget', '160000', '--needs', 'use=video');

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { valid: boolean; groups: GroupJson[] };
    expect(answer.valid).toBe(true);
    for (const g of answer.groups) for (const c of g.choices) expect(c.fromPrice === null).toBe(c.state === 'excluded');
    expect(choiceIn(answer, 'graphics.rtx4060')).toMatchObject({ state: 'forced' });
    expect(choiceIn(answer, 'graphics.integrated').reasons![0]).toMatchObject({ rule: 'need:use' });
    expect(choiceIn(answer, 'graphics.rtx4080').reasons![0]!.message).toMatch(
      /^the cheapest configuration with .* costs €[\d,.]+, over your budget of €1,600$/,
    );
  });

  it.each([
    ['an unknown need', ['--needs', 'use=vid'], /--needs use: need "use" has no answer "vid"/],
    ['a malformed needs list', ['--needs', 'use'], /--needs takes need=answer pairs/],
    ['a fractional budget', ['--budget', '12.5'], /--budget must be a whole amount in minor units/],
  ])('refuses %s with exit 1 and no stack trace', (_case, args, message) => {
    // Prepare: the arguments of this case

    // Act
    const run = cli('configure', demoFile, '--today', '2025-03-03', ...args);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expectNoStackTrace(run.stderr);
  });

  it('completes for the needs goal with the reasons of each choice', () => {
    // Prepare: the demo laptop

    // Act
    const run = cli('complete', demoFile, '--goal', 'needs', '--needs', 'use=video,travel=light', '--tier', 'A', '--today', '2025-03-03');

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { picks: string[]; price: { total: number }; because: { choice: string; reason: string }[] };
    expect(answer.picks).toContain('graphics.rtx4060');
    expect(answer.picks).toContain('memory.32gb');
    expect(answer.because.find((b) => b.choice === 'memory.32gb')!.reason).toBe('you said "Photo and video"');
    expect(answer.because.map((b) => b.choice)).toEqual(answer.picks);
  });

  it('completes for the popular goal from a weights file, keeping the picks', () => {
    // Prepare
    const weights = join(dir, 'popularity.json');
    writeFileSync(weights, JSON.stringify({ choices: { 'keyboard.nordic': 5, 'display.qhd': 3 } }));

    // Act
    const run = cli('complete', demoFile, '--goal', 'popular', '--popularity', weights, '--picks', 'cpu.i7', '--today', '2025-03-03');

    // Assess
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { picks: string[] };
    expect(answer.picks).toEqual(expect.arrayContaining(['cpu.i7', 'keyboard.nordic', 'display.qhd']));
  });

  it('says what the cheapest would cost when nothing fits the budget, with exit 1', () => {
    // Prepare: the demo laptop

    // Act
    const run = cli('complete', demoFile, '--goal', 'cheapest', '--budget', '50000', '--today', '2025-03-03');

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('catalog: no valid configuration fits the budget of 50000: the cheapest costs 89900\n');
  });

  it('requires a goal, with the usage', () => {
    // Prepare: the demo laptop

    // Act
    const run = cli('complete', demoFile);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--goal must be one of cheapest, needs, popular/);
    expect(run.stderr).toMatch(/Usage:/);
  });
});
