/**
 * How every function is bundled, in one place: the CDK construct (configurator-function.ts) and
 * the bundle benchmark (`npm run bench:bundles`) both read these, so the benchmark measures
 * exactly what is deployed.
 */
import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';

/**
 * The newest Node.js runtime this aws-cdk-lib offers. cdk-nag (AwsSolutions-L1) flags any
 * older one, and the infra tests compare every deployed function against this value.
 */
export const NODE_RUNTIME: Runtime = Runtime.NODEJS_24_X;

/** esbuild's target for {@link NODE_RUNTIME}: `nodejs24.x` -> `node24`. */
export const ESBUILD_TARGET = NODE_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1');

/**
 * Lets ESM bundles load CommonJS dependencies that call `require` (esbuild keeps those calls
 * as-is in ESM output, and ESM has no `require`).
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Modules replaced at bundling time: the SDK's default credential chain by the environment
 * provider Lambda needs (lambda-credentials.ts), about 100 KB less in every bundle.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url)),
};

/** The esbuild settings of every function bundle (ESM, minified, SDK bundled in its ESM form). */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: ESBUILD_TARGET,
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  alias: BUNDLE_ALIASES,
} as const;
