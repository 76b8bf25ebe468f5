/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy --all` run this file through tsx (cdk.json).
 *
 * Context:
 * - `adminTokenSha256` (required to deploy): hex SHA-256 of the admin bearer token.
 *
 * The web page (`web/dist`) is uploaded only when it has been built (`npm run build:web`);
 * a fresh clone synthesizes without it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { PROJECT_ROOT, addConfiguratorStacks } from '../stacks/configurator-app.ts';

const app = new App();
const webDistDirectory = join(PROJECT_ROOT, 'web', 'dist');
addConfiguratorStacks(app, { webDistDirectory: existsSync(webDistDirectory) ? webDistDirectory : undefined });
app.synth();
