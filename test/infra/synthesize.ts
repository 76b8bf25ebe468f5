/**
 * Synthesizes the CDK app the way `cdk synth` does (same cdk.json context, same stacks, cdk-nag
 * plugin included) into a temporary directory, for assertions. One call per test file: bundling
 * the functions is the slow part.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT, STACK_NAMES, addConfiguratorStacks, type ConfiguratorAppSettings } from '../../infra/stacks/configurator-app.ts';

/** The `context` block of cdk.json: feature flags the deployed app runs with. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** One entry of the cloud assembly's `validation-report.json`. */
export interface PluginReport {
  pluginName: string;
  conclusion: 'success' | 'failure';
  violations: { ruleName: string; description: string; severity?: string; violatingConstructs?: { constructPath: string }[] }[];
}

export interface SynthesizedConfigurator {
  app: App;
  stacks: ReturnType<typeof addConfiguratorStacks>;
  stateful: Template;
  stateless: Template;
  /** Plugin reports with findings; a plugin that found nothing is left out by CDK. */
  validationReports: PluginReport[];
  /** Deletes the temporary cloud assembly. */
  dispose(): void;
}

export interface SynthesisOptions extends ConfiguratorAppSettings {
  /** Skip esbuild (assets become placeholders) when a test looks only at the templates' shape. */
  skipBundling?: boolean;
  /** Runs on the stacks before synthesis (e.g. to plant a violation). */
  modify?: (stacks: ReturnType<typeof addConfiguratorStacks>) => void;
}

/** A well-formed admin token hash, so synthesis takes the "context given" path. */
export const TEST_ADMIN_TOKEN_SHA256 = 'a'.repeat(64);

export function synthesizeConfigurator(options: SynthesisOptions = {}): SynthesizedConfigurator {
  const outdir = mkdtempSync(join(tmpdir(), 'configurator-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      // Keep the cdk-nag findings in the report for the test to assert on, instead of throwing.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const stacks = addConfiguratorStacks(app, { adminTokenSha256: TEST_ADMIN_TOKEN_SHA256, ...options });
  options.modify?.(stacks);
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  return {
    app,
    stacks,
    stateful: Template.fromJSON(assembly.getStackByName(STACK_NAMES.stateful).template),
    stateless: Template.fromJSON(assembly.getStackByName(STACK_NAMES.stateless).template),
    validationReports: report.pluginReports,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The resources of one CloudFormation type, by logical id. */
export function resourcesOfType(
  template: Template,
  type: string,
): Record<string, { Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }> {
  return template.findResources(type) as never;
}
