/**
 * Which Chromium the browser tests drive, and with which switches.
 *
 * Debian's `/usr/bin/chromium` when the machine has it. Otherwise the Chromium that `npm ci`
 * brings: `@sparticuz/chromium` ships a brotli-compressed headless-shell build inside the package
 * (no install script, no download), linked against libc, libexpat and libgcc only, so
 * `npm ci && npm test` needs no system browser and no apt step: besides Node.js, Java 17 for
 * DynamoDB Local is the only thing the machine must have.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import npmChromium from '@sparticuz/chromium';

/** What `chromium.launch` needs besides `headless`. */
export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * This machine has no network beyond the npm registry: without these, Chromium's background
 * connections to Google's hosts are refused many at a time. No `--user-data-dir` here: for
 * `launch()` Playwright makes a fresh empty profile directory itself and refuses the switch.
 */
const MACHINE_SWITCHES = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Of `@sparticuz/chromium`'s `args`, the two that keep a desktop run quiet on a closed network (no
 * Domain Reliability reports, no hyperlink-auditing pings). The rest are for AWS Lambda and would
 * change what the tests see: `--single-process` and `--no-zygote` (every page in the browser
 * process, a mode Chromium does not support outside such sandboxes), `--disable-web-security`,
 * `--allow-running-insecure-content` and the site-isolation switches (CORS and origin checks are
 * part of what the e2e tests cover), the SwiftShader/WebGL switches (`--disable-gpu` here) and
 * `--headless='shell'` (Playwright passes `--headless` itself). Disk-cache size, font hinting,
 * print preview, ChromeOS nudges and the default-browser check do not matter to these tests.
 */
const NPM_CHROMIUM_SWITCHES_KEPT = new Set(['--disable-domain-reliability', '--no-pings']);

/** Inflated binaries live beside the install, so `npm ci` clears them with the package. */
const INFLATED_ROOT = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));

/** Debian's Chromium if present, else the one shipped by `@sparticuz/chromium` (inflated on first use). */
export async function chromiumLaunch(): Promise<ChromiumLaunch> {
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, args: [...MACHINE_SWITCHES] };
  const kept = npmChromium.args.filter((arg) => NPM_CHROMIUM_SWITCHES_KEPT.has(arg));
  return { executablePath: await inflatedNpmChromium(), args: [...MACHINE_SWITCHES, ...kept] };
}

/**
 * `executablePath()` inflates into `os.tmpdir()` and returns any `chromium` already there. Left
 * alone, two test files starting together would each see the other's half-written binary in
 * `/tmp`, and a `/tmp/chromium` left by another checkout of another version would be taken as
 * ours. So each caller inflates into its own fresh directory (TMPDIR pointed there for the
 * synchronous part of the call, where the package reads it; a version that read it later would
 * fail the path check below), then publishes it by one atomic rename into a directory named after
 * the package version; the loser of a race drops its copy.
 */
async function inflatedNpmChromium(): Promise<string> {
  const version = npmChromiumVersion();
  const published = join(INFLATED_ROOT, `sparticuz-chromium-${version}`);
  const binary = join(published, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(INFLATED_ROOT, { recursive: true });
  const staging = mkdtempSync(join(INFLATED_ROOT, `sparticuz-chromium-${version}-inflating-`));
  try {
    const inflated = await withTmpdir(staging, () => npmChromium.executablePath());
    if (inflated !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium inflated to ${inflated}, not into ${staging}`);
    renameSync(staging, published);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(binary)) return binary;
    throw error;
  }
  return binary;
}

function withTmpdir<T>(directory: string, start: () => Promise<T>): Promise<T> {
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = directory;
  try {
    return start();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

function npmChromiumVersion(): string {
  // The package exports only its entry point, at a depth that differs between versions, and its
  // build folders carry package.json files of their own (module type only): walk up to its own.
  let directory = dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@sparticuz/chromium' && version) return version;
    }
    if (dirname(directory) === directory) throw new Error('package.json of @sparticuz/chromium not found');
    directory = dirname(directory);
  }
}
