/**
 * Runs a benchmark's `main` when its file is the script node was started with (not when a test
 * imports it), with one exit policy for all runs: exit code 2 on a crash, and a forced exit
 * shortly after, since keep-alive sockets and SDK agents may hold the loop open.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function runAsScript(moduleUrl: string, main: () => Promise<void>): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main()
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    })
    .finally(() => setTimeout(() => process.exit(), 100).unref());
}
