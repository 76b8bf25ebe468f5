import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations, type App } from 'aws-cdk-lib';
import { Bucket, BlockPublicAccess } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConfigurator, type PluginReport, type SynthesizedConfigurator } from './synthesize.ts';

const NAG_PLUGIN = 'AwsSolutions';

/** The unacknowledged AwsSolutions errors in the synthesized app's validation report. */
function nagErrors(reports: PluginReport[]): string[] {
  return reports
    .filter((report) => report.pluginName.includes(NAG_PLUGIN))
    .flatMap((report) => report.violations)
    .filter((violation) => violation.severity !== 'warning')
    .map((violation) => `${violation.ruleName} at ${violation.violatingConstructs?.map((c) => c.constructPath).join(', ')}`);
}

/** The same rules run directly on the construct tree, so a silent plugin cannot pass. */
function directNagErrors(app: App): string[] {
  return new AwsSolutionsChecks()
    .validateScope(app)
    .violations.filter((violation) => violation.severity !== 'warning')
    .map((violation) => violation.ruleName);
}

/** Every acknowledgement (rule id -> reason) recorded anywhere in the tree. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({ path: construct.node.path, id, reason })),
        ),
    );
}

describe('cdk-nag AwsSolutions', () => {
  let plain: SynthesizedConfigurator;
  let withWeb: SynthesizedConfigurator;
  let webDist: string;

  beforeAll(() => {
    // The rules read templates, not bundles: skip esbuild here (stateless-stack.test.ts bundles).
    plain = synthesizeConfigurator({ skipBundling: true });
    webDist = mkdtempSync(join(tmpdir(), 'configurator-web-'));
    mkdirSync(webDist, { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>test</title>');
    withWeb = synthesizeConfigurator({ skipBundling: true, webDistDirectory: webDist });
  });
  afterAll(() => {
    plain?.dispose();
    withWeb?.dispose();
    if (webDist) rmSync(webDist, { recursive: true, force: true });
  });

  it('finds no unacknowledged errors in the app', () => {
    // Prepare: synthesized with the plugin (beforeAll).
    // Act
    const reported = nagErrors(plain.validationReports);
    const direct = directNagErrors(plain.app);
    // Assess
    expect(reported).toEqual([]);
    expect(direct).toEqual([]);
  });

  it('finds no unacknowledged errors when the web page is deployed too', () => {
    // Prepare
    const deployments = withWeb.stateless.findResources('Custom::CDKBucketDeployment');
    // Act
    const reported = nagErrors(withWeb.validationReports);
    // Assess
    expect(Object.keys(deployments)).toHaveLength(1);
    expect(Object.keys(plain.stateless.findResources('Custom::CDKBucketDeployment'))).toHaveLength(0);
    expect(reported).toEqual([]);
    expect(directNagErrors(withWeb.app)).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    // Prepare
    const all = [...acknowledgements(plain.app), ...acknowledgements(withWeb.app)];
    // Act
    const vague = all.filter(({ reason }) => typeof reason !== 'string' || reason.trim().length < 40);
    // Assess
    expect(all.length).toBeGreaterThan(0);
    expect(vague).toEqual([]);
  });

  it('catches a violation when one is planted (the check is not vacuous)', () => {
    // Prepare: a public, unencrypted-in-transit bucket, the classic mistake.
    const planted = synthesizeConfigurator({
      skipBundling: true,
      modify: ({ stateless }) => {
        new Bucket(stateless, 'PlantedPublicBucket', { blockPublicAccess: BlockPublicAccess.BLOCK_ACLS_ONLY, publicReadAccess: true });
      },
    });
    try {
      // Act
      const reported = nagErrors(planted.validationReports);
      // Assess
      expect(reported.some((finding) => finding.includes('PlantedPublicBucket'))).toBe(true);
      expect(directNagErrors(planted.app).length).toBeGreaterThan(0);
    } finally {
      planted.dispose();
    }
  });
});
