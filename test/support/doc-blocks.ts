/**
 * Reads the shell examples out of the Markdown docs and judges their output, for the tests that
 * keep the docs honest. Conventions the docs follow (see docs/api-tour.md):
 *
 * - a fenced block tagged `sh` is a shell example; the HTML comment
 *   `<!-- docs-test: skip (why) -->` on the line before its fence keeps it from being run;
 * - inside it, a whole line `# text` is output the lines above it print; a line `#   more`
 *   (a `#` and two or more spaces) continues the previous output line (long JSON wrapped for
 *   reading); `…` stands for anything within one output line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const REPOSITORY = resolve(import.meta.dirname, '../..');

/** The pages whose shell examples test/integration/docs-examples.test.ts runs, in this order. */
export const DOCTEST_FILES: readonly string[] = ['README.md', 'docs/api-tour.md', 'docs/catalog-cli.md', 'docs/business.md'];

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** Repository-relative path of the Markdown file. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  code: string;
  /** The reason given by a `docs-test: skip` comment, if any. */
  skip?: string;
}

/** A shell block with the output it shows. */
export interface ShellExample extends CodeBlock {
  /** Expected output lines, continuations joined, in order. */
  expected: string[];
}

/** README.md and every Markdown file under docs/, repository-relative. */
export function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(REPOSITORY, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
    );
  return ['README.md', ...walk('docs')];
}

export function readRepositoryFile(file: string): string {
  return readFileSync(join(REPOSITORY, file), 'utf8');
}

const SKIP = /^<!--\s*docs-test:\s*skip\s*(?:\((.*)\))?\s*-->$/;

/** Every fenced block of a Markdown file, in order. */
export function codeBlocks(file: string, markdown = readRepositoryFile(file)): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== fence; i++) body.push(lines[i]!);
    const before = start > 0 ? SKIP.exec(lines[start - 1]!.trim()) : null;
    blocks.push({
      file: relative(REPOSITORY, join(REPOSITORY, file)),
      line: start + 1,
      language: open[2] ?? '',
      code: body.join('\n'),
      ...(before ? { skip: before[1] ?? 'no reason given' } : {}),
    });
  }
  return blocks;
}

/** The expected output a shell block shows: its `# ` lines, continuations joined. */
export function expectedOutput(code: string): string[] {
  const expected: string[] = [];
  for (const line of code.split('\n')) {
    const continued = /^#\s{2,}(\S.*)$/.exec(line);
    if (continued && expected.length > 0) expected.push(`${expected.pop()}${continued[1]}`);
    else if (/^#(\s|$)/.test(line)) expected.push(line.replace(/^#\s?/, ''));
  }
  return expected;
}

/** The `sh` blocks of a Markdown file with their expected output. */
export function shellExamples(file: string): ShellExample[] {
  return codeBlocks(file)
    .filter((b) => b.language === 'sh')
    .map((b) => ({ ...b, expected: expectedOutput(b.code) }));
}

function matchesLine(pattern: string, line: string): boolean {
  const pieces = pattern.split('…');
  if (pieces.length === 1) return line === pattern;
  const anchoredStart = pieces[0] !== '';
  const anchoredEnd = pieces[pieces.length - 1] !== '';
  const last = pieces.length - 1;
  let at = 0;
  for (const [index, piece] of pieces.entries()) {
    if (piece === '') continue;
    let found: number;
    if (index === 0 && anchoredStart) found = line.startsWith(piece) ? 0 : -1;
    else if (index === last && anchoredEnd)
      found = line.endsWith(piece) && line.length - piece.length >= at ? line.length - piece.length : -1;
    else found = line.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}

/**
 * Checks that each expected line matches one line of `output`, in order (other output lines
 * may come between). Returns why not, or undefined when it matches.
 */
export function outputMismatch(expected: string[], output: string): string | undefined {
  const lines = output.split('\n').map((l) => l.replace(/\r$/, ''));
  let next = 0;
  for (const pattern of expected) {
    if (pattern.replaceAll('…', '').trim() === '') continue;
    const found = lines.findIndex((line, index) => index >= next && matchesLine(pattern, line));
    if (found < 0) return `no output line (after line ${next + 1}) matches:\n  ${pattern}\noutput:\n${output}`;
    next = found + 1;
  }
  return undefined;
}
