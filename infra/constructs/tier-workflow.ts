import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  StateMachine,
  StateMachineType,
  TaskInput,
  type IChainable,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/**
 * How many of the workflow's parts run at once: tenants (each a child execution of a
 * Distributed Map, so a tenant's history of about 2,000 events never meets the 25,000 limit of
 * one execution), and shard parts within a tenant. 4 × 16 tiers functions at most: gentle on the
 * table and on the account's Lambda concurrency (docs/scale.md).
 */
export const TIER_WORKFLOW_CONCURRENCY = { tenants: 4, shards: 16 } as const;

export interface TierWorkflowProps {
  /** The tiers function (functions/tiers.ts), which answers every part. */
  readonly fn: IFunction;
}

/**
 * The tier job scaled out (shared/customers/tier-parts.ts): the tenants; for each tenant the
 * shards counted, the thresholds narrowed round after round until both boundaries are exact, then
 * every shard applied. Every part is idempotent, so every task retries (3 attempts, backing off).
 * The state carries the schedule's `time` as `at`, so every part of one night uses the same now.
 */
export class TierWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: TierWorkflowProps) {
    super(scope, id);
    const part = (name: string, payload: Record<string, unknown>, resultPath: string) => {
      const task = new LambdaInvoke(this, name, {
        lambdaFunction: props.fn,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        resultPath,
      });
      task.addRetry({ errors: ['States.ALL'], maxAttempts: 3, interval: Duration.seconds(2), backoffRate: 2 });
      return task;
    };
    const overShards = (name: string, item: Record<string, unknown>, processor: IChainable, resultPath: string) =>
      new MapState(this, name, {
        itemsPath: '$.shards',
        maxConcurrency: TIER_WORKFLOW_CONCURRENCY.shards,
        itemSelector: { 'tenantId.$': '$.tenantId', 'at.$': '$.at', 'shard.$': '$$.Map.Item.Value', ...item },
        resultPath,
      }).itemProcessor(processor);
    const shardPart = (name: string, partName: string, extra: Record<string, unknown> = {}) =>
      part(
        name,
        {
          part: partName,
          tenantId: JsonPath.stringAt('$.tenantId'),
          shard: JsonPath.numberAt('$.shard'),
          at: JsonPath.stringAt('$.at'),
          ...extra,
        },
        '$',
      );

    const count = overShards('CountShards', {}, shardPart('CountShard', 'count'), '$.counts');
    const search = part(
      'StartSearch',
      { part: 'search', tenantId: JsonPath.stringAt('$.tenantId'), counts: JsonPath.listAt('$.counts') },
      '$.step',
    );
    const narrow = overShards(
      'NarrowShards',
      { 'targets.$': '$.step.targets' },
      shardPart('NarrowShard', 'narrow', { targets: JsonPath.listAt('$.targets') }),
      '$.perShard',
    );
    const narrowed = part(
      'Narrowed',
      { part: 'narrowed', search: JsonPath.objectAt('$.step.search'), perShard: JsonPath.listAt('$.perShard') },
      '$.step',
    );
    const apply = overShards(
      'ApplyShards',
      { 'boundaries.$': '$.step.boundaries' },
      shardPart('ApplyShard', 'apply', { boundaries: JsonPath.objectAt('$.boundaries') }),
      JsonPath.DISCARD,
    );
    const found = new Choice(this, 'ThresholdsFound').when(Condition.booleanEquals('$.step.done', true), apply).otherwise(narrow);
    narrow.next(narrowed).next(found);
    const tenant = count.next(search).next(found);

    const tenants = part('ListTenants', { part: 'tenants' }, '$.plan');
    const forEachTenant = new DistributedMap(this, 'ForEachTenant', {
      itemsPath: '$.plan.tenants',
      maxConcurrency: TIER_WORKFLOW_CONCURRENCY.tenants,
      mapExecutionType: StateMachineType.STANDARD,
      itemSelector: { 'tenantId.$': '$$.Map.Item.Value', 'at.$': '$.at', 'shards.$': '$.plan.shards' },
      resultPath: JsonPath.DISCARD,
    }).itemProcessor(tenant);
    const start = new Pass(this, 'FixTheTime', { parameters: { 'at.$': '$.time' } });

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(start.next(tenants).next(forEachTenant)),
      stateMachineType: StateMachineType.STANDARD,
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Nightly tier job: thresholds from exact ranks, then every customer shard applied (shared/customers/tier-parts.ts)',
    });
    const stack = Stack.of(this);
    const functionId = stack.getLogicalId(props.fn.node.defaultChild as CfnElement);
    const machineId = stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement);
    const execution = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}`;
    Validations.of(this.stateMachine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        reason:
          'lambda:InvokeFunction on the tiers function and its versions/aliases (":*"), as Step Functions\' LambdaInvoke grants it: one function, no other.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments/GetSamplingRules of a traced state machine (tracingEnabled) support no resource-level permissions; AWS documents Resource "*".',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${execution}:*]`,
        reason:
          'The Distributed Map starts and reads child executions of this state machine only; their ARNs get ids only at run time, hence the suffix wildcard.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${execution}/*:*]`,
        reason:
          "The Distributed Map's child execution ids (map run / execution) exist only at run time; the pattern stays within this state machine's executions.",
      },
    );
  }
}
