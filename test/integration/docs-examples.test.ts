/**
 * The docs' shell examples, run as a reader pastes them: every `sh` block of the README and of
 * docs/api-tour.md (except those marked `docs-test: skip`), in order, in bash, against the local
 * stack started with the docs' own credentials, each block's output compared with the `#` lines
 * it shows. Variables and functions a block defines carry over to the next, as in one terminal.
 *
 * Substitutions, and only these: `http://localhost:3000` becomes the stack's URL, `/tmp/`
 * becomes a temporary folder of this run, and `npm install …` (the typed client's recipe, which
 * would need the registry) links this repository's node_modules instead, after checking that
 * every package it names is one of the repository's dependencies (so the recipe installs what
 * the test used). Before each block the order stream has caught up, as it has for a reader.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildOpenApiDocument } from '#http/openapi';
import { createDevSigningKey } from '../../infra/local/dev-auth.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { DOCTEST_FILES, outputMismatch, REPOSITORY, readRepositoryFile, shellExamples, type ShellExample } from '../support/doc-blocks.ts';

const run = promisify(execFile);

/** The credentials the docs tell readers to start `npm start` with. */
const DOCS_ADMIN_TOKEN = 'admin-0123456789abcdef';
const DOCS_PARTNER_KEY = 'pk_demo_0123456789abcdef';
const DOCS_URL = 'http://localhost:3000';

const packageJson = JSON.parse(readRepositoryFile('package.json')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const repositoryPackages = new Set([...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.devDependencies)]);

const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm install a b` → a check that a and b are the repository's, then a link to its node_modules. */
function offlineInstall(line: string): string {
  const names = line
    .replace(/^npm (install|i)\s+/, '')
    .split(/\s+/)
    .filter((word) => word && !word.startsWith('-'));
  const foreign = names.filter((name) => !repositoryPackages.has(name));
  if (foreign.length) throw new Error(`the docs install ${foreign.join(', ')}, which this repository does not depend on`);
  return `[ -e node_modules ] || ln -s ${JSON.stringify(join(REPOSITORY, 'node_modules'))} node_modules`;
}

/** The block as the test runs it: the documented substitutions, nothing else. */
function runnable(code: string, stackUrl: string, tmp: string): string {
  // The docs' /tmp/ becomes this run's folder before the installs become links: a checkout
  // cloned under /tmp must keep the real path of its node_modules.
  return code
    .replaceAll(DOCS_URL, stackUrl)
    .replaceAll('/tmp/', `${tmp}/`)
    .split('\n')
    .map((line) => (/^npm (install|i) /.test(line) ? offlineInstall(line) : line))
    .join('\n');
}

/** Runs one block in bash with the state earlier blocks left; returns its stdout. */
async function runBlock(block: ShellExample, stack: LocalStack, tmp: string, state: string): Promise<string> {
  const script = [
    // A terminal shows stderr too (the catalog CLI reports on it).
    'exec 2>&1',
    'set -eo pipefail',
    `[ -s ${JSON.stringify(state)} ] && source ${JSON.stringify(state)}`,
    // Commands such as `npm run catalog` run from the repository root, as the docs say.
    `cd ${JSON.stringify(REPOSITORY)}`,
    runnable(block.code, stack.url, tmp),
    // What this block defined, for the next one (as one terminal keeps it).
    `{ declare -p $(compgen -v | grep -E '^[A-Z][A-Z0-9_]*$' | grep -vE '^(BASH|EUID|PPID|SHELLOPTS|UID|PWD|OLDPWD|HOME|PATH|HOSTNAME|OSTYPE|MACHTYPE|HOSTTYPE|IFS|PS4|OPTIND|OPTERR|DIRSTACK|GROUPS|PIPESTATUS|FUNCNAME|RANDOM|LINENO|SECONDS|SHLVL|COMP|HIST|TERM|COLUMNS|LINES|EPOCH|SRANDOM|_)' ) ; declare -f; } > ${JSON.stringify(state)} 2>/dev/null || true`,
  ].join('\n');
  try {
    const { stdout } = await run('bash', ['-c', script], {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: '',
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
      },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
    return stdout;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    throw new Error(`${block.file}:${block.line} failed (exit ${failed.code}):\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

// One product for every page, as a reader pastes the README's tour and then the API tour into one
// `npm start` (and because the handlers read their environment once per process).
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `docs-${randomUUID().slice(0, 8)}`,
    adminToken: DOCS_ADMIN_TOKEN,
    demoPartnerKey: DOCS_PARTNER_KEY,
    signingKey: await createDevSigningKey(),
  });
});
afterAll(async () => {
  await stack?.close();
});

for (const file of DOCTEST_FILES) {
  describe(`${file}: every shell example runs as pasted and prints what it shows`, () => {
    let tmp: string;
    let state: string;

    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'docs-examples-'));
      workDirs.push(tmp);
      state = join(tmp, '.shell-state');
      writeFileSync(state, '');
    });

    const blocks = shellExamples(file).filter((b) => !b.skip);
    it('has examples to run', () => {
      // Assess
      expect(blocks.length).toBeGreaterThan(0);
    });

    for (const block of blocks) {
      it(`${file}:${block.line}`, async () => {
        // Prepare
        await stack.orderStream?.settled();
        // Act
        const output = await runBlock(block, stack, tmp, state);
        // Assess
        const expected = block.expected.map((line) => line.replaceAll(DOCS_URL, stack.url).replaceAll('/tmp/', `${tmp}/`));
        expect(outputMismatch(expected, output)).toBeUndefined();
      }, 180_000);
    }
  });
}

describe('docs/api-tour.md: the typed client checks body fields as the page says', () => {
  const recipe = shellExamples('docs/api-tour.md').find((b) => b.code.includes('cat > client.ts'));
  const client = recipe ? /cat > client\.ts <<'EOF'\n([\s\S]*?)\nEOF/.exec(recipe.code)?.[1] : undefined;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'docs-client-'));
    workDirs.push(folder);
    await run('ln', ['-s', join(REPOSITORY, 'node_modules'), join(folder, 'node_modules')]);
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(folder, 'openapi.json'), JSON.stringify(buildOpenApiDocument()));
    await run(join(REPOSITORY, 'node_modules/.bin/openapi-typescript'), ['openapi.json', '-o', 'api.d.ts'], { cwd: folder });
  });

  /** Type-checks a variant of the page's client.ts with the page's own tsc command (types generated offline from the built document); the compiler's output. */
  async function typeCheck(source: string): Promise<string> {
    writeFileSync(join(folder, 'client.ts'), source);
    const tsc = /^npx (tsc .*)$/m.exec(recipe!.code)![1]!.split(' ');
    try {
      await run(join(REPOSITORY, 'node_modules/.bin/tsc'), tsc.slice(1), { cwd: folder });
      return '';
    } catch (error) {
      return (error as { stdout?: string }).stdout ?? String(error);
    }
  }

  it('refuses an unknown field in a body declared with its schema type', async () => {
    // Prepare
    expect(client).toContain('const order: PlaceOrderRequest = {\n');
    const withUnknownField = client!.replace(
      'const order: PlaceOrderRequest = {\n',
      "const order: PlaceOrderRequest = {\n  colour: 'red',\n",
    );
    // Act
    const asGiven = await typeCheck(client!);
    const broken = await typeCheck(withUnknownField);
    // Assess
    expect(asGiven).toBe('');
    expect(broken).toMatch(/error TS2353: Object literal may only specify known properties, and 'colour'/);
  });

  it('lets an unknown field in an inline body compile (only the API refuses it)', async () => {
    // Prepare
    const inline = "body: { picks: ['cpu.i7', 'graphics.rtx4060'] },";
    expect(client).toContain(inline);
    // Act
    const output = await typeCheck(client!.replace(inline, "body: { picks: ['cpu.i7', 'graphics.rtx4060'], colour: 'red' },"));
    // Assess
    expect(output).toBe('');
  });
});
