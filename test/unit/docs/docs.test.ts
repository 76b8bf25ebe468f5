/**
 * Keeps the README and docs/ honest without a server: every relative link and every repository
 * path they cite exists, every problem `type` and error `code` they show is one the code can
 * send, every shell block is either run by the docs examples test or says why not, and no
 * command holds something a reader would have to guess (`uuidgen`, `p_…`, `<key>`). The shell
 * examples' output itself is checked by test/integration/docs-examples.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { GATEWAY_PROBLEMS } from '../../../infra/constructs/problem-gateway-responses.ts';
import { PROBLEM_TYPES } from '#http/problem';
import { issuesToFindings } from '#http/request';
import {
  codeBlocks,
  DOCTEST_FILES,
  expectedOutput,
  markdownFiles,
  outputMismatch,
  REPOSITORY,
  readRepositoryFile,
  shellExamples,
} from '../../support/doc-blocks.ts';

const FILES = markdownFiles();

/** Markdown without its fenced blocks (prose, tables, inline code). */
function prose(markdown: string): string {
  return markdown.replace(/^(`{3,})[\w-]*\n[\s\S]*?^\1$/gm, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = prose(readRepositoryFile(file))
    .split('\n')
    .filter((line) => /^#{1,6}\s/.test(line))
    .map((line) => anchorOf(line.replace(/^#+\s+/, '')));
  return new Set(headings);
}

/** Every `[text](target)` of a file's prose that is not an absolute URL. */
function relativeLinks(file: string): string[] {
  return [...prose(readRepositoryFile(file)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

/** Source files of the product (not tests), for the codes it can send. */
function productSources(dir: string): string[] {
  return readdirSync(join(REPOSITORY, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : productSources(path);
    return extname(entry.name) === '.ts' ? [path] : [];
  });
}

/** The name of every file in the repository (a page may name `stats.ts` in the folder it is about). */
const REPOSITORY_FILE_NAMES = new Set(
  (function walk(dir: string): string[] {
    return readdirSync(join(REPOSITORY, dir), { withFileTypes: true }).flatMap((entry) => {
      if (entry.isDirectory()) return ['node_modules', '.git', 'cdk.out', '.data'].includes(entry.name) ? [] : walk(join(dir, entry.name));
      return [entry.name];
    });
  })('.'),
);

const SOURCES = ['shared', 'functions', 'infra'].flatMap(productSources).map((path) => readFileSync(join(REPOSITORY, path), 'utf8'));

/** zod's issue codes, as its own type declarations list them. */
const ZOD_CODES = [
  ...new Set(
    [...readFileSync(join(REPOSITORY, 'node_modules/zod/v4/core/errors.d.ts'), 'utf8').matchAll(/readonly code: "([a-z_]+)"/g)].map(
      (m) => m[1]!,
    ),
  ),
];

/**
 * Every error `code` the product can put in a problem's `errors[]`: the literal codes of its
 * sources, the request parser's codes (computed by the parser itself from each zod issue
 * code), and each template such as `schema-${…}` completed with every kebab-cased zod code.
 */
function sendableCodes(): Set<string> {
  const codes = new Set<string>();
  for (const source of SOURCES) {
    for (const m of source.matchAll(/\bcode: '([^']+)'/g)) codes.add(m[1]!);
    for (const m of source.matchAll(/\bcode: `([^`$]+)\$\{/g))
      for (const zodCode of ZOD_CODES) codes.add(`${m[1]}${zodCode.replaceAll('_', '-')}`);
  }
  for (const zodCode of ZOD_CODES) {
    const issue = { code: zodCode, path: [], message: 'm', keys: ['k'] } as unknown as z.core.$ZodIssue;
    for (const finding of issuesToFindings([issue])) codes.add(finding.code);
  }
  return codes;
}

/** Every problem type the product can answer with: the handlers', API Gateway's, the local server's. */
function sendableProblemTypes(): Set<string> {
  const types = new Set<string>(Object.values(PROBLEM_TYPES).map((p) => p.type));
  for (const { problem } of GATEWAY_PROBLEMS) types.add(problem.type);
  for (const m of readRepositoryFile('infra/local/server.ts').matchAll(/'(\/problems\/[a-z-]+)'/g)) types.add(m[1]!);
  return types;
}

describe('README and docs/', () => {
  it('keep the README within 300 lines', () => {
    // Act
    const lines = readRepositoryFile('README.md').split('\n').length;
    // Assess
    expect(lines).toBeLessThanOrEqual(300);
  });

  it('link only to files and headings that exist', () => {
    // Act
    const broken = FILES.flatMap((file) =>
      relativeLinks(file).flatMap((link) => {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? file : relative(REPOSITORY, join(REPOSITORY, dirname(file), decodeURIComponent(path)));
        if (!existsSync(join(REPOSITORY, target))) return [`${file}: ${link} (no ${target})`];
        if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor))
          return [`${file}: ${link} (no heading #${anchor})`];
        return [];
      }),
    );
    // Assess
    expect(broken).toEqual([]);
  });

  it('cite only repository paths that exist', () => {
    // Prepare
    const pathLike = /^(?:\.ci|docs|functions|infra|shared|test|web)\/[\w./-]*$|^[\w.-]+\.(?:json|ts|yaml|jsonc|md)$/;
    // Made by a build, a run or a deployment, never committed.
    const generated = new Set(['web/dist', 'cdk.out', '.data/', 'config.json']);
    // Act
    const missing = FILES.flatMap((file) =>
      [...prose(readRepositoryFile(file)).matchAll(/`([^`\n]+)`/g)]
        .map((m) => m[1]!)
        .filter((token) => pathLike.test(token) && !generated.has(token))
        .filter((token) => (token.includes('/') ? !existsSync(join(REPOSITORY, token)) : !REPOSITORY_FILE_NAMES.has(token)))
        .map((token) => `${file}: ${token}`),
    );
    // Assess
    expect(missing).toEqual([]);
  });

  it('show only problem types the API, API Gateway or the local server send', () => {
    // Prepare
    const sendable = sendableProblemTypes();
    // Act
    const unknown = FILES.flatMap((file) =>
      [...readRepositoryFile(file).matchAll(/\/problems\/[a-z][a-z-]*[a-z]/g)]
        .map((m) => m[0])
        .filter((type) => !sendable.has(type))
        .map((t) => `${file}: ${t}`),
    );
    // Assess
    expect(unknown).toEqual([]);
  });

  it('list every problem type of the handlers in the API tour', () => {
    // Prepare
    const errors = readRepositoryFile('docs/api-tour.md');
    // Act
    const undocumented = Object.values(PROBLEM_TYPES)
      .map((p) => p.type)
      .filter((type) => !errors.includes(`\`${type}\``));
    // Assess
    expect(undocumented).toEqual([]);
  });

  it('show only error codes the product can send', () => {
    // Prepare
    const sendable = sendableCodes();
    const catalogCli = readRepositoryFile('docs/catalog-cli.md');
    const validateSection = catalogCli.slice(catalogCli.indexOf('## validate'), catalogCli.indexOf('## configure'));
    // Act
    const inBodies = FILES.flatMap((file) =>
      [...readRepositoryFile(file).matchAll(/"code":\s*"([^"]+)"/g)].map((m) => ({ file, code: m[1]! })),
    );
    const inLinterDocs = [...prose(validateSection).matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => ({
      file: 'docs/catalog-cli.md',
      code: m[1]!,
    }));
    const unknown = [...inBodies, ...inLinterDocs].filter(({ code }) => !sendable.has(code)).map(({ file, code }) => `${file}: ${code}`);
    // Assess
    expect(inBodies.length).toBeGreaterThan(0);
    expect(inLinterDocs.length).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });

  it('run every shell block in the docs examples test, or say why not', () => {
    // Act
    const unmarked = FILES.flatMap((file) =>
      codeBlocks(file)
        .filter((block) => ['sh', 'bash', 'shell', 'console', 'zsh'].includes(block.language) || /^\$ /m.test(block.code))
        .filter((block) => !(block.language === 'sh' && (DOCTEST_FILES.includes(file) || block.skip)))
        .map((block) => `${file}:${block.line}`),
    );
    // Assess
    expect(unmarked).toEqual([]);
  });

  it('hold nothing in a command that a reader would have to guess or lacks', () => {
    // Prepare
    const placeholder = [/\buuidgen\b/, /…/, /<(?:key|token|id|ApiUrl|admin token|partnerId|keyId|customerId)>/i];
    // Act
    const found = FILES.flatMap((file) =>
      shellExamples(file).flatMap((block) => {
        let heredoc: string | undefined;
        return block.code.split('\n').flatMap((line, index) => {
          if (heredoc !== undefined) {
            if (line === heredoc) heredoc = undefined;
            return [];
          }
          heredoc = /<<'?(\w+)'?\s*$/.exec(line)?.[1];
          const command = line.replace(/\s#\s.*$/, '');
          if (/^#/.test(line)) return [];
          return placeholder.filter((p) => p.test(command)).map(() => `${file}:${block.line + index + 1}: ${line}`);
        });
      }),
    );
    // Assess
    expect(found).toEqual([]);
  });
});

describe('the output comparison of the docs examples test', () => {
  it('reads `#` lines as output and joins wrapped continuations', () => {
    // Act
    const expected = expectedOutput('curl x\n# {"a":1,\n#   "b":2}\n# done\necho "# not output"');
    // Assess
    expect(expected).toEqual(['{"a":1,"b":2}', 'done']);
  });

  it('matches whole lines, in order, with … standing for anything within a line', () => {
    // Prepare
    const output = 'noise\n{"status":"ok","ms":12}\r\nready\n';
    // Act
    const results = [
      outputMismatch(['{"status":"ok","ms":…}', 'ready'], output),
      outputMismatch(['…"ok"…'], output),
      outputMismatch(['ready', '{"status":"ok","ms":…}'], output),
      outputMismatch(['{"status":"ok"'], output),
      outputMismatch(['read'], output),
      outputMismatch(['{"status":"fail",…}'], output),
    ];
    // Assess
    expect(results.map((r) => r === undefined)).toEqual([true, true, false, false, false, false]);
  });

  it('anchors a trailing piece at the end of the line, not at its first occurrence', () => {
    // Act
    const result = outputMismatch(['[{"id":"a"},…]'], '[{"id":"a"},{"id":"b","r":[1]}]');
    // Assess
    expect(result).toBeUndefined();
  });

  it('finds shell blocks and the reason given to skip one', () => {
    // Act
    const blocks = codeBlocks('x.md', 'text\n<!-- docs-test: skip (needs AWS) -->\n```sh\nnpx cdk deploy\n```\n\n```sh\ncurl a\n```\n');
    // Assess
    expect(blocks.map((b) => [b.language, b.skip, b.code])).toEqual([
      ['sh', 'needs AWS', 'npx cdk deploy'],
      ['sh', undefined, 'curl a'],
    ]);
  });
});
