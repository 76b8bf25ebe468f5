/** The nightly tier job in the stateless stack: its function, its table access, its workflow and schedule, its win-back events. */
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from '../../infra/constructs/configurator-function.ts';
import { TIER_WORKFLOW_CONCURRENCY } from '../../infra/constructs/tier-workflow.ts';
import { TIERS_TABLE_ACCESS } from '../../infra/stacks/stateless-stack.ts';
import { resourcesOfType, synthesizeConfigurator, type SynthesizedConfigurator } from './synthesize.ts';

describe('tier job', () => {
  let synthesized: SynthesizedConfigurator;
  let template: Template;
  let tiersFunctionId: string;

  beforeAll(() => {
    // Only the templates' shape matters here; stateless-stack.test.ts bundles every function.
    synthesized = synthesizeConfigurator({ skipBundling: true });
    template = synthesized.stateless;
    const fn = synthesized.stacks.stateless.tiersFunction;
    tiersFunctionId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnFunction);
  });
  afterAll(() => synthesized?.dispose());

  it('is started nightly at 02:00 UTC by an enabled EventBridge rule that starts the tier workflow', () => {
    // Prepare
    const rules = Object.values(resourcesOfType(template, 'AWS::Events::Rule'));
    const machine = synthesized.stacks.stateless.tierWorkflow.stateMachine;
    const machineId = Stack.of(machine).getLogicalId(machine.node.defaultChild as CfnStateMachine);
    // Act
    const scheduled = rules.filter((rule) => rule.Properties.ScheduleExpression !== undefined);
    // Assess
    expect(scheduled).toHaveLength(1);
    const rule = scheduled[0]!.Properties;
    expect(rule.ScheduleExpression).toBe('cron(0 2 * * ? *)');
    expect(rule.State).toBe('ENABLED');
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0].Arn).toEqual({ Ref: machineId });
  });

  it('runs the parts in a workflow: tenants in a Distributed Map, shards in Maps of bounded concurrency, every part retried, logged and traced', () => {
    // Prepare
    const machines = Object.values(resourcesOfType(template, 'AWS::StepFunctions::StateMachine'));
    // Act
    // Tokens (function ARNs) sit inside JSON strings: any text in their place keeps the JSON whole.
    const parts = machines[0]!.Properties.DefinitionString['Fn::Join'][1] as unknown[];
    const states = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'token')).join('')).States;
    const tenant = states.ForEachTenant;
    const inner = tenant.ItemProcessor.States;
    // Assess
    expect(machines).toHaveLength(1);
    expect(tenant.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(tenant.MaxConcurrency).toBe(TIER_WORKFLOW_CONCURRENCY.tenants);
    for (const map of ['CountShards', 'NarrowShards', 'ApplyShards']) {
      expect(inner[map].Type).toBe('Map');
      expect(inner[map].MaxConcurrency).toBe(TIER_WORKFLOW_CONCURRENCY.shards);
      const task = Object.values(inner[map].ItemProcessor.States)[0] as { Retry: { MaxAttempts: number }[] };
      expect(task.Retry.some((r) => r.MaxAttempts === 3)).toBe(true);
    }
    expect(inner.ThresholdsFound.Type).toBe('Choice');
    expect(machines[0]!.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machines[0]!.Properties.LoggingConfiguration.Level).toBe('ALL');
  });

  it('lets the workflow invoke the tiers function, and nothing else', () => {
    // Prepare
    const stack = synthesized.stacks.stateless;
    const machine = stack.tierWorkflow.stateMachine;
    const roleId = stack.getLogicalId(machine.role.node.defaultChild as CfnRole);
    // Act
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const invokes = statements.filter((s: { Action: string | string[] }) => [s.Action].flat().includes('lambda:InvokeFunction'));
    // Assess
    expect(invokes.length).toBeGreaterThan(0);
    for (const s of invokes) expect(JSON.stringify(s.Resource)).toContain(tiersFunctionId);
    expect(statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).some((a: string) => a.startsWith('dynamodb:'))).toBe(
      false,
    );
  });

  it('knows the table, gets exactly read-write access, and has minutes for a whole walk', () => {
    // Prepare
    const stack = synthesized.stacks.stateless;
    const roleId = stack.getLogicalId(stack.tiersFunction.role!.node.defaultChild as CfnRole);
    // Act
    const fn = resourcesOfType(template, 'AWS::Lambda::Function')[tiersFunctionId]!.Properties;
    const actions = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .flatMap((s: { Action: string | string[] }) => [s.Action].flat())
      .filter((a: string) => a.startsWith('dynamodb:'));
    // Assess
    expect(TIERS_TABLE_ACCESS).toBe('readWrite');
    expect(fn.Environment.Variables.TABLE_NAME).toBeDefined();
    expect(new Set(actions)).toEqual(new Set(TABLE_ACTIONS.readWrite));
    expect(fn.Timeout).toBeGreaterThanOrEqual(300);
  });

  it('publishes win-back signals to the default event bus: PutEvents on that bus alone, and only for the tiers function', () => {
    // Prepare
    const stack = synthesized.stacks.stateless;
    const roleId = stack.getLogicalId(stack.tiersFunction.role!.node.defaultChild as CfnRole);
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap((p) =>
      p.Properties.PolicyDocument.Statement.map((statement: { Action: string | string[]; Resource: unknown }) => ({
        roles: p.Properties.Roles.map((r: { Ref: string }) => r.Ref),
        actions: [statement.Action].flat(),
        resource: statement.Resource,
      })),
    );
    // Act
    const putEvents = statements.filter((s) => s.actions.some((a: string) => a.startsWith('events:')));
    const fn = resourcesOfType(template, 'AWS::Lambda::Function')[tiersFunctionId]!.Properties;
    // Assess
    expect(putEvents).toHaveLength(1);
    expect(putEvents[0]!.roles).toEqual([roleId]);
    expect(putEvents[0]!.actions).toEqual(['events:PutEvents']);
    expect(JSON.stringify(putEvents[0]!.resource)).toContain(':event-bus/default');
    expect(fn.Environment.Variables.TIER_SIGNALS).toBe('eventbridge');
  });
});
