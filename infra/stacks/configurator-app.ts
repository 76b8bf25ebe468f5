import { fileURLToPath } from 'node:url';
import { Annotations, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** The repository root (this file is `infra/stacks/configurator-app.ts`). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** CDK context key of the admin token's hex SHA-256; required for a real deployment. */
export const ADMIN_TOKEN_SHA256_CONTEXT = 'adminTokenSha256';

/**
 * Used when `adminTokenSha256` is not given (tests, a first `cdk synth`): no token hashes to
 * all zeros, so a stack deployed with it has an admin API nobody can use, rather than one
 * guarded by a token that is written in this repository.
 */
export const ADMIN_TOKEN_SHA256_PLACEHOLDER = '0'.repeat(64);

/** Stack names as `cdk deploy` lists them. */
export const STACK_NAMES = { stateful: 'ConfiguratorStateful', stateless: 'ConfiguratorStateless' } as const;

export interface ConfiguratorAppSettings {
  /** Hex SHA-256 of the admin bearer token. @default the context value, else the placeholder */
  readonly adminTokenSha256?: string;
  /** The built web page to upload; omitted: nothing is uploaded. */
  readonly webDistDirectory?: string;
  /** The repository root. @default {@link PROJECT_ROOT} */
  readonly projectRoot?: string;
}

/**
 * Adds the configurator's two stacks to `app` and checks them with cdk-nag's AwsSolutions
 * rules (a validation plugin: findings fail `cdk synth` and land in the cloud assembly's
 * validation report). Environment-agnostic: no account, region or lookups, so synthesis works
 * offline without credentials.
 */
export function addConfiguratorStacks(app: App, settings: ConfiguratorAppSettings = {}) {
  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    description: 'Order configurator: the DynamoDB table (retained, deletion-protected) and the compiled-catalog bucket',
    terminationProtection: true,
  });

  const fromContext: unknown = app.node.tryGetContext(ADMIN_TOKEN_SHA256_CONTEXT);
  const adminTokenSha256 = settings.adminTokenSha256 ?? (typeof fromContext === 'string' && fromContext !== '' ? fromContext : undefined);
  if (adminTokenSha256 !== undefined && !/^[0-9a-f]{64}$/.test(adminTokenSha256)) {
    throw new Error(
      `${ADMIN_TOKEN_SHA256_CONTEXT} must be 64 lowercase hex characters (the SHA-256 of the admin token), got '${adminTokenSha256}'`,
    );
  }

  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    description: 'Order configurator: functions, REST API, usage plan, customer sign-in, web hosting',
    table: stateful.table,
    adminTokenSha256: adminTokenSha256 ?? ADMIN_TOKEN_SHA256_PLACEHOLDER,
    projectRoot: settings.projectRoot ?? PROJECT_ROOT,
    webDistDirectory: settings.webDistDirectory,
  });
  if (adminTokenSha256 === undefined) {
    Annotations.of(stateless).addWarningV2(
      'configurator:adminTokenSha256Missing',
      `No '${ADMIN_TOKEN_SHA256_CONTEXT}' context: the admin API is locked (placeholder hash). Deploy with -c ${ADMIN_TOKEN_SHA256_CONTEXT}=$(printf %s "$ADMIN_TOKEN" | sha256sum | cut -d' ' -f1).`,
    );
  }

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
