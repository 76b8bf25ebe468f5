/**
 * Bundled in place of `@aws-sdk/credential-provider-node` (see `LAMBDA_BUNDLE` in bundling.ts):
 * in Lambda the function's role credentials are always in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the SDK's default chain (ini files, SSO, STS,
 * the instance metadata service, …: about 100 KB minified) is never used there. Locally the
 * clients are given credentials explicitly and never reach this.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The SDK's `defaultProvider`, narrowed to the one source Lambda uses. */
export const defaultProvider = () => fromEnv();
