/**
 * The catalog CLI, for catalog authors before publishing and for tests and benchmarks on big
 * models: `npm run --silent catalog -- <command> ...` (see `docs/catalog-cli.md`).
 *
 * Exit codes: 0 success; 1 the user's input is wrong (bad arguments, unreadable file, invalid
 * catalog, invalid picks); 2 an internal failure. User errors are one clear message on stderr,
 * never a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { validateCatalog, type Finding } from './validate.ts';
import { importXcsp, XcspImportError } from './xcsp.ts';
import { TierSchema, type Tier } from '#core/catalog-document';
import {
  CatalogTooComplexError,
  type CompiledCatalog,
  type CompletionGoal,
  InvalidOptionsError,
  InvalidPicksError,
  NoConfigurationError,
  type Popularity,
  compileCatalog,
  complete,
  configure,
} from '#engine/index';

const USAGE = `Usage: npm run --silent catalog -- <command> [options]

Commands:
  validate FILE [--json]
      Lint a catalog document: schema errors, dangling references, choices no configuration
      can reach, defaults that conflict, rules that never apply. Exit 1 when there are errors.
  configure FILE [--picks g.c,g.c] [--tier A|B|C] [--today YYYY-MM-DD]
            [--budget AMOUNT] [--needs need=answer,need=answer]
      Print the engine's answer for these picks as JSON. Without --tier, no customer is known
      (tier-limited choices are excluded); --today defaults to today's date (UTC). --budget is
      the highest total in minor units (cents); --needs states answers to the need questions.
  complete FILE --goal cheapest|needs|popular [--picks g.c,g.c] [--tier A|B|C]
            [--today YYYY-MM-DD] [--budget AMOUNT] [--needs need=answer,...]
            [--popularity FILE.json]
      Print one full valid configuration holding the picks, optimal for the goal, as JSON.
      --popularity is {"choices": {"g.c": weight}, "emptyGroups": {"g": weight}} with whole
      weights, for the goal popular. Exit 1 when no configuration exists (the message says
      what the cheapest would cost without the budget).
  import-xcsp FILE.xml [--out FILE.json] [--id ID] [--name NAME]
      Convert an XCSP 2.1 instance (e.g. the Renault models) into a catalog document.
  help
      Print this text.
`;

/** A mistake of the person running the command: reported as one message, exit 1. */
class UserError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

type Io = { out: (text: string) => void; err: (text: string) => void };

const io: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T, positionals: number) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error), true);
  }
  if (parsed.positionals.length !== positionals) {
    throw new UserError(
      parsed.positionals.length < positionals ? 'missing FILE argument' : `unexpected argument "${parsed.positionals[positionals]}"`,
      true,
    );
  }
  return parsed;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new UserError(`cannot read ${file}: ${why}`);
  }
}

function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `["groups", 3, "choices", 1, "id"]` -> `groups[3].choices[1].id`. */
function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return '(document)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function formatFindings(findings: Finding[]): string {
  return findings
    .map((f) => `${f.severity === 'error' ? 'error  ' : 'warning'} ${formatPath(f.path)}: ${f.message} [${f.code}]\n`)
    .join('');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function runValidate(args: string[]): number {
  const { positionals, values } = parse(args, { json: { type: 'boolean' } }, 1);
  const file = positionals[0]!;
  const result = validateCatalog(readJson(file));
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  if (values.json) {
    io.out(`${JSON.stringify({ ok: result.ok, findings: result.findings }, null, 2)}\n`);
  } else {
    io.out(formatFindings(result.findings));
    io.out(`${file}: ${plural(errors, 'error')}, ${plural(result.findings.length - errors, 'warning')}\n`);
  }
  return result.ok ? 0 : 1;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The options configure and complete share: picks, tier, day, budget and needs. */
const REQUEST_OPTIONS = {
  picks: { type: 'string' },
  tier: { type: 'string' },
  today: { type: 'string' },
  budget: { type: 'string' },
  needs: { type: 'string' },
} as const;

interface RequestOptions {
  picks: string[];
  tier: Tier | null;
  today: string;
  budget?: number;
  needs?: Record<string, string>;
}

function requestOptions(values: { picks?: string; tier?: string; today?: string; budget?: string; needs?: string }): RequestOptions {
  const picks = (values.picks ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  let tier: Tier | null = null;
  if (values.tier !== undefined) {
    const parsedTier = TierSchema.safeParse(values.tier);
    if (!parsedTier.success) throw new UserError(`--tier must be A, B or C, not "${values.tier}"`);
    tier = parsedTier.data;
  }
  const today = values.today ?? todayUtc();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || new Date(`${today}T00:00:00Z`).toISOString().slice(0, 10) !== today) {
    throw new UserError(`--today must be a date written YYYY-MM-DD, not "${today}"`);
  }
  const options: RequestOptions = { picks, tier, today };
  if (values.budget !== undefined) {
    if (!/^-?\d+$/.test(values.budget) || !Number.isSafeInteger(Number(values.budget))) {
      throw new UserError(`--budget must be a whole amount in minor units (cents), not "${values.budget}"`);
    }
    options.budget = Number(values.budget);
  }
  if (values.needs !== undefined) {
    const needs: Record<string, string> = {};
    for (const pair of values.needs
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const [need, answer, ...rest] = pair.split('=');
      if (!need || !answer || rest.length > 0) throw new UserError(`--needs takes need=answer pairs separated by commas, not "${pair}"`);
      needs[need] = answer;
    }
    options.needs = needs;
  }
  return options;
}

/** Reads, checks (without the solution-space stage) and compiles a catalog document. */
function compiledFrom(file: string): CompiledCatalog {
  const checked = validateCatalog(readJson(file), { solutionSpace: false });
  if (!checked.ok) {
    io.err(formatFindings(checked.findings));
    throw new UserError(`${file} is not a valid catalog document (run: validate ${file})`);
  }
  try {
    return compileCatalog(checked.doc);
  } catch (error) {
    if (error instanceof CatalogTooComplexError) throw new UserError(`${file} is too complex to compile: ${error.message}`);
    throw error;
  }
}

/** Malformed picks or options: every finding on stderr, then exit 1. */
function reportBadInput(error: unknown): never {
  if (error instanceof InvalidPicksError) {
    for (const finding of error.findings) io.err(`error   --picks ${finding.pick}: ${finding.problem}\n`);
    throw new UserError(`${plural(error.findings.length, 'invalid pick')}`);
  }
  if (error instanceof InvalidOptionsError) {
    for (const finding of error.findings) io.err(`error   --${finding.path[0]} ${finding.path.slice(1).join('.')}: ${finding.problem}\n`);
    throw new UserError(`${plural(error.findings.length, 'invalid option')}`);
  }
  throw error;
}

function runConfigure(args: string[]): number {
  const { positionals, values } = parse(args, REQUEST_OPTIONS, 1);
  const file = positionals[0]!;
  const { picks, ...options } = requestOptions(values);
  const compiled = compiledFrom(file);
  try {
    const answer = configure(compiled, picks, options);
    io.out(`${JSON.stringify(answer, null, 2)}\n`);
    return 0;
  } catch (error) {
    return reportBadInput(error);
  }
}

const GOALS: readonly CompletionGoal[] = ['cheapest', 'needs', 'popular'];

function runComplete(args: string[]): number {
  const { positionals, values } = parse(args, { ...REQUEST_OPTIONS, goal: { type: 'string' }, popularity: { type: 'string' } }, 1);
  const file = positionals[0]!;
  const goal = values.goal as CompletionGoal | undefined;
  if (goal === undefined || !GOALS.includes(goal)) {
    throw new UserError(`--goal must be one of ${GOALS.join(', ')}${goal === undefined ? '' : `, not "${goal}"`}`, goal === undefined);
  }
  const { picks, tier, today, ...rest } = requestOptions(values);
  let popularity: Popularity | undefined;
  if (values.popularity !== undefined) {
    const raw = readJson(values.popularity);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${values.popularity} must hold a JSON object`);
    popularity = raw as Popularity;
  }
  const compiled = compiledFrom(file);
  try {
    const answer = complete(compiled, { picks, goal, ...rest, ...(popularity ? { popularity } : {}) }, { tier, today });
    io.out(`${JSON.stringify(answer, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NoConfigurationError) {
      throw new UserError(
        error.cheapestTotal === null
          ? 'no valid configuration holds these picks with these needs'
          : `no valid configuration fits the budget of ${error.budget}: the cheapest costs ${error.cheapestTotal}`,
      );
    }
    return reportBadInput(error);
  }
}

function runImportXcsp(args: string[]): number {
  const { positionals, values } = parse(args, { out: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' } }, 1);
  const file = positionals[0]!;
  const xml = readText(file);
  let doc: ReturnType<typeof importXcsp>;
  try {
    doc = importXcsp(xml, { ...(values.id !== undefined && { id: values.id }), ...(values.name !== undefined && { name: values.name }) });
  } catch (error) {
    if (error instanceof XcspImportError) throw new UserError(`${file}: ${error.message}`);
    throw error;
  }
  const json = `${JSON.stringify(doc)}\n`;
  if (values.out === undefined) {
    io.out(json);
  } else {
    try {
      writeFileSync(values.out, json);
    } catch (error) {
      throw new UserError(`cannot write ${values.out}: ${(error as Error).message}`);
    }
    const rows = doc.rules.reduce((n, r) => n + (r.type === 'table' ? r.allowed.length : 0), 0);
    io.err(`${values.out}: ${plural(doc.groups.length, 'group')}, ${plural(doc.rules.length, 'rule')}, ${plural(rows, 'table row')}\n`);
  }
  return 0;
}

/** Runs one command; returns the process exit code. */
function main(argv: string[]): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'validate':
        return runValidate(args);
      case 'configure':
        return runConfigure(args);
      case 'complete':
        return runComplete(args);
      case 'import-xcsp':
        return runImportXcsp(args);
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        throw new UserError(command === undefined ? 'missing command' : `unknown command "${command}"`, true);
    }
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`catalog: ${error.message}\n`);
      if (error.showUsage) io.err(`\n${USAGE}`);
      return 1;
    }
    // A defect, not a user mistake: say so plainly; the stack only on request.
    io.err(`catalog: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.CATALOG_DEBUG) io.err(`${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}

// Exit code only: output may still be flowing into a pipe, and process.exit() would cut it.
process.exitCode = main(process.argv.slice(2));
