/**
 * Builds the web page into web/dist with esbuild (run by `npm start`; `npm run build:web`).
 * Returns the folder to serve.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));

export async function buildWeb(outDir = `${webDir}dist`): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [`${webDir}src/main.ts`],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outfile: `${outDir}/app.js`,
    logLevel: 'warning',
  });
  copyFileSync(`${webDir}index.html`, `${outDir}/index.html`);
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildWeb()}`);
}
