import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_USAGE_LIMITS, USAGE_PLAN_ADMIN_PERMISSIONS } from '../../infra/constructs/configurator-api.ts';
import {
  ARTIFACT_ACTIONS,
  ARTIFACT_PREFIX,
  INDEX_ACTIONS,
  NODE_RUNTIME,
  TABLE_ACTIONS,
} from '../../infra/constructs/configurator-function.ts';
import { PROBLEM_CONTENT_TYPE } from '../../infra/constructs/problem-gateway-responses.ts';
import { ARTIFACT_ACCESS, routesDescription, TABLE_ACCESS } from '../../infra/stacks/stateless-stack.ts';
import { TABLE_GRANTS, leadingKeyPatterns, type TableUser } from '../../infra/stacks/table-access.ts';
import type { ConfiguratorFunction } from '../../infra/constructs/configurator-function.ts';
import { ROUTES, functionIds, type FunctionId } from '../../shared/http/routes.ts';

/** What a stream event source grants its function (aws-lambda-event-sources), none of them on items. */
const STREAM_ACTIONS = new Set(['dynamodb:ListStreams', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']);
import { TEST_ADMIN_TOKEN_SHA256, resourcesOfType, synthesizeConfigurator, type SynthesizedConfigurator } from './synthesize.ts';

type Resources = ReturnType<typeof resourcesOfType>;

/** `{Ref: id}` -> id; the root resource (`Fn::GetAtt [api, RootResourceId]`) -> undefined. */
function referencedResourceId(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'Ref' in value) return String((value as { Ref: string }).Ref);
  return undefined;
}

/** Rebuilds `/a/{b}` from a resource's chain of parents. */
function resourcePath(resources: Resources, resourceRef: unknown): string {
  const parts: string[] = [];
  for (let id = referencedResourceId(resourceRef); id !== undefined; id = referencedResourceId(resources[id]!.Properties.ParentId)) {
    parts.unshift(resources[id]!.Properties.PathPart);
  }
  return `/${parts.join('/')}`;
}

/** Every deployed method as `"<METHOD> <path>"`, with its properties. */
function deployedMethods(template: Template): Map<string, Record<string, any>> {
  const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
  const methods = new Map<string, Record<string, any>>();
  for (const method of Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method'))) {
    methods.set(`${method.Properties.HttpMethod} ${resourcePath(resources, method.Properties.ResourceId)}`, method.Properties);
  }
  return methods;
}

describe('StatelessStack', () => {
  let synthesized: SynthesizedConfigurator;
  let template: Template;

  beforeAll(() => {
    // Bundles every function with esbuild, so the package.json "imports" aliases are resolved
    // for real here.
    synthesized = synthesizeConfigurator();
    template = synthesized.stateless;
  });
  afterAll(() => synthesized?.dispose());

  describe('REST API', () => {
    it('deploys exactly the route table minus local-only routes (plus CORS preflights)', () => {
      // Prepare
      const expected = ROUTES.filter((r) => !r.localOnly).map((r) => `${r.method} ${r.path}`);
      // Act
      const methods = deployedMethods(template);
      const routes = [...methods.keys()].filter((key) => !key.startsWith('OPTIONS '));
      const preflights = [...methods.entries()].filter(([key]) => key.startsWith('OPTIONS '));
      // Assess
      expect(routes.sort()).toEqual(expected.sort());
      expect(preflights.length).toBeGreaterThan(0);
      for (const [, preflight] of preflights) expect(preflight.Integration.Type).toBe('MOCK');
    });

    it('puts the authorizer and a required API key on every route but the public ones, GET /health and GET /openapi.json', () => {
      // Prepare: the public routes are those the route table declares auth 'none'.
      const publicRoutes = ROUTES.filter((r) => !r.localOnly && r.auth === 'none').map((r) => `${r.method} ${r.path}`);
      const methods = deployedMethods(template);
      // Act
      const routes = [...methods.entries()].filter(([key]) => !key.startsWith('OPTIONS '));
      // Assess
      expect(publicRoutes.sort()).toEqual(['GET /health', 'GET /openapi.json']);
      for (const [key, method] of routes) {
        if (publicRoutes.includes(key)) {
          expect(method.AuthorizationType, key).toBe('NONE');
          expect(method.ApiKeyRequired ?? false, key).toBe(false);
        } else {
          expect(method.AuthorizationType, key).toBe('CUSTOM');
          expect(method.AuthorizerId, key).toBeDefined();
          expect(method.ApiKeyRequired, key).toBe(true);
        }
      }
      // CORS preflights carry no credentials and so no key either.
      for (const [key, method] of methods) if (key.startsWith('OPTIONS ')) expect(method.ApiKeyRequired ?? false, key).toBe(false);
    });

    it('sends every route to its own function by Lambda proxy integration', () => {
      // Prepare
      const methods = deployedMethods(template);
      const stack = synthesized.stacks.stateless;
      const logicalIdOf = (id: FunctionId) =>
        stack.getLogicalId(synthesized.stacks.stateless.functions[id].node.defaultChild as CfnFunction);
      // Act + Assess
      for (const route of ROUTES.filter((r) => !r.localOnly)) {
        const integration = methods.get(`${route.method} ${route.path}`)!.Integration;
        expect(integration.Type, route.path).toBe('AWS_PROXY');
        expect(JSON.stringify(integration.Uri), route.path).toContain(`"${logicalIdOf(route.function)}"`);
      }
    });

    it('resolves callers with an uncached authorizer that has no identity sources', () => {
      // Prepare: partners send only x-api-key, customers and admins only Authorization; a
      // declared identity source missing from a request makes API Gateway answer 401 itself.
      // Act
      const authorizers = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Authorizer'));
      // Assess
      expect(authorizers).toHaveLength(1);
      expect(authorizers[0]!.Properties.Type).toBe('REQUEST');
      expect(authorizers[0]!.Properties.AuthorizerResultTtlInSeconds).toBe(0);
      expect(authorizers[0]!.Properties.IdentitySource).toBeUndefined();
    });

    it('takes API keys from the authorizer, with shared plans for web callers and unauthenticated requests on the stage', () => {
      // Prepare
      const api = Object.values(resourcesOfType(template, 'AWS::ApiGateway::RestApi'))[0]!;
      const stack = synthesized.stacks.stateless;
      const authorizerId = stack.getLogicalId(stack.authorizerFunction.node.defaultChild as CfnFunction);
      const variables = resourcesOfType(template, 'AWS::Lambda::Function')[authorizerId]!.Properties.Environment.Variables;
      // Act
      const plans = resourcesOfType(template, 'AWS::ApiGateway::UsagePlan');
      const keys = resourcesOfType(template, 'AWS::ApiGateway::ApiKey');
      const planKeys = Object.values(resourcesOfType(template, 'AWS::ApiGateway::UsagePlanKey'));
      // Assess: partners' own plans are made at run time by the admin API, not here.
      expect(api.Properties.ApiKeySourceType).toBe('AUTHORIZER');
      expect(Object.keys(plans)).toHaveLength(2);
      expect(Object.keys(keys)).toHaveLength(2);
      for (const [name, limits] of Object.entries(SHARED_USAGE_LIMITS)) {
        const variable = name === 'webCallers' ? 'WEB_CALLERS_USAGE_KEY' : 'UNAUTHENTICATED_USAGE_KEY';
        const [keyId] = Object.entries(keys).find(
          ([, key]) => JSON.stringify(key.Properties.Value) === JSON.stringify(variables[variable]),
        )!;
        const planKey = planKeys.find((k) => k.Properties.KeyId.Ref === keyId)!;
        const plan = plans[planKey.Properties.UsagePlanId.Ref]!;
        expect(plan.Properties.Throttle, name).toEqual({ RateLimit: limits.throttle.rateLimit, BurstLimit: limits.throttle.burstLimit });
        // No quota: strangers must not be able to use up the day of every customer.
        expect(plan.Properties.Quota, name).toBeUndefined();
        expect(plan.Properties.ApiStages, name).toHaveLength(1);
        expect(keys[keyId]!.Properties.Enabled, name).toBe(true);
        // Unique per stack (API Gateway key values are unique per region): the stack id's UUID.
        expect(JSON.stringify(variables[variable]), name).toContain('AWS::StackId');
      }
      expect(SHARED_USAGE_LIMITS.unauthenticated.throttle.rateLimit).toBeLessThan(SHARED_USAGE_LIMITS.webCallers.throttle.rateLimit);
    });

    it('logs access and traces the stage', () => {
      // Prepare + Act
      const stages = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Stage'));
      // Assess
      expect(stages).toHaveLength(1);
      expect(stages[0]!.Properties.TracingEnabled).toBe(true);
      expect(stages[0]!.Properties.AccessLogSetting.DestinationArn).toBeDefined();
    });

    it('answers UNAUTHORIZED and ACCESS_DENIED (and the other gateway errors) with problem+json', () => {
      // Prepare
      const responses = Object.values(resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse'));
      const byType = new Map(responses.map((r) => [r.Properties.ResponseType as string, r.Properties]));
      // Act + Assess
      for (const [type, status] of [
        ['UNAUTHORIZED', 401],
        ['ACCESS_DENIED', 403],
      ] as const) {
        const response = byType.get(type);
        expect(response, type).toBeDefined();
        expect(response!.StatusCode).toBe(String(status));
        expect(response!.ResponseParameters['gatewayresponse.header.Content-Type']).toBe(`'${PROBLEM_CONTENT_TYPE}'`);
        const body = response!.ResponseTemplates['application/json'] as string;
        // The template is JSON once API Gateway substitutes the two variables.
        const problem = JSON.parse(body.replace('$context.error.messageString', '"detail"').replace('$context.requestId', 'id'));
        expect(problem).toEqual(
          expect.objectContaining({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String), status }),
        );
      }
      for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX', 'THROTTLED', 'QUOTA_EXCEEDED']) {
        expect(byType.get(type)?.ResponseParameters['gatewayresponse.header.Content-Type'], type).toBe(`'${PROBLEM_CONTENT_TYPE}'`);
      }
    });
  });

  describe('functions', () => {
    it(`run on ${NODE_RUNTIME.name} (not older than nodejs22.x) and arm64`, () => {
      // Prepare
      const functions = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'));
      // Act
      const majorOf = (runtime: string) => Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? 0);
      // Assess
      // The route functions, the authorizer, the tier job, the token-claims trigger, the order-learning stream consumer,
      // the webhook dispatcher and the webhook delivery function.
      expect(functions.length).toBe(Object.keys(TABLE_ACCESS).length + 6);
      expect(majorOf(NODE_RUNTIME.name)).toBeGreaterThanOrEqual(22);
      for (const [id, fn] of functions) {
        expect(fn.Properties.Runtime, id).toBe(NODE_RUNTIME.name);
        expect(fn.Properties.Architectures, id).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      }
    });

    it('that touch the table know its name and get exactly their access, limited to their key families', () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const bound: { user: TableUser; fn: ConfiguratorFunction }[] = [
        ...(Object.keys(TABLE_ACCESS) as FunctionId[]).map((id) => ({ user: id as TableUser, fn: stack.functions[id] })),
        { user: 'authorizer', fn: stack.authorizerFunction },
        { user: 'tiers', fn: stack.tiersFunction },
        { user: 'tokenClaims', fn: stack.tokenClaimsFunction },
        { user: 'orderLearning', fn: stack.orderLearningFunction },
        { user: 'webhookDispatch', fn: stack.webhookDispatchFunction },
        { user: 'webhookDelivery', fn: stack.webhookDeliveryFunction },
      ];
      const functions = resourcesOfType(template, 'AWS::Lambda::Function');
      const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
      // Act + Assess
      expect(bound.map((b) => b.user).sort()).toEqual(Object.keys(TABLE_GRANTS).sort());
      for (const { user, fn } of bound) {
        const grant = TABLE_GRANTS[user];
        const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnFunction);
        expect(functions[logicalId]!.Properties.Environment.Variables.TABLE_NAME, logicalId).toBeDefined();
        const roleId = Stack.of(fn).getLogicalId(fn.role!.node.defaultChild as CfnRole);
        const statements = policies
          .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
          .flatMap(
            (p) =>
              p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: Record<string, any> }[],
          )
          .filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
        const patterns = leadingKeyPatterns(grant);
        const onIndex = (st: { Resource: unknown }) => JSON.stringify(st.Resource).includes('/index/');
        // Reading the table's change stream names no item: only the stream consumer may, on the stream alone.
        const onStream = (st: { Action: string | string[] }) =>
          [st.Action]
            .flat()
            .filter((a) => a.startsWith('dynamodb:'))
            .every((a) => STREAM_ACTIONS.has(a));
        const streamStatements = statements.filter(onStream);
        expect(streamStatements.length > 0, user).toBe(user === 'orderLearning' || user === 'webhookDispatch');
        for (const st of streamStatements) expect(JSON.stringify(st.Resource), user).toMatch(/StreamArn|ListStreams|\*/);
        const tableStatements = statements.filter((st) => !onIndex(st) && !onStream(st));
        const indexStatements = statements.filter((st) => onIndex(st) && !onStream(st));
        // The table: exactly the access level's actions, only for the function's families.
        expect(tableStatements, user).toHaveLength(1);
        expect(new Set([tableStatements[0]!.Action].flat()), user).toEqual(new Set(TABLE_ACTIONS[grant.access]));
        expect(tableStatements[0]!.Condition, user).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns.table } });
        expect(patterns.table.length, user).toBeGreaterThan(0);
        // Indexes: Query only, on the index named, for the index's families; none it does not query.
        expect(indexStatements.map((st) => JSON.stringify(st.Resource).match(/\/index\/(\w+)/)![1]).sort(), user).toEqual(
          [...patterns.indexes.keys()].sort(),
        );
        for (const st of indexStatements) {
          const indexName = JSON.stringify(st.Resource).match(/\/index\/(\w+)/)![1]!;
          expect([st.Action].flat(), user).toEqual([...INDEX_ACTIONS]);
          expect(st.Condition, user).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns.indexes.get(indexName) } });
        }
        // No function may scan: a Scan names no partition key, so LeadingKeys could not limit it.
        expect(
          statements.flatMap((st) => [st.Action].flat()),
          user,
        ).not.toContain('dynamodb:Scan');
      }
    });

    it('that configure read compiled-catalog artifacts under their prefix only, the admin function writes them, and they know the bucket', () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const functions = resourcesOfType(template, 'AWS::Lambda::Function');
      const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
      // Act + Assess
      for (const id of functionIds()) {
        const fn = stack.functions[id];
        const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnFunction);
        const roleId = Stack.of(fn).getLogicalId(fn.role!.node.defaultChild as CfnRole);
        const statements = policies
          .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
          .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[])
          .filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
        const access = ARTIFACT_ACCESS[id];
        expect(functions[logicalId]!.Properties.Environment.Variables.ARTIFACT_BUCKET === undefined, id).toBe(access === undefined);
        if (!access) {
          expect(statements, id).toEqual([]);
          continue;
        }
        const objects = statements.find((st) => [st.Action].flat().includes('s3:GetObject'))!;
        expect([objects.Action].flat().sort(), id).toEqual([...ARTIFACT_ACTIONS[access]].sort());
        expect(JSON.stringify(objects.Resource), id).toContain(`/${ARTIFACT_PREFIX}*`);
        const listing = statements.find((st) => [st.Action].flat().includes('s3:ListBucket'))!;
        expect(listing.Condition, id).toEqual({ StringLike: { 's3:prefix': [`${ARTIFACT_PREFIX}*`] } });
        expect(statements, id).toHaveLength(2);
      }
      expect(ARTIFACT_ACCESS).toEqual({ admin: 'readWrite', catalog: 'read', orders: 'read', customers: 'read' });
    });

    it('feed new order items of the table stream to the order-learning function, with partial-batch retries and a dead-letter queue', () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const learningId = stack.getLogicalId(stack.orderLearningFunction.node.defaultChild as CfnFunction);
      // Act
      const mappings = Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')).filter(
        (m) => m.Properties.FunctionName.Ref === learningId,
      );
      // Assess
      expect(mappings).toHaveLength(1);
      const mapping = mappings[0]!.Properties;
      expect(mapping.FunctionName).toEqual({ Ref: learningId });
      expect(JSON.stringify(mapping.EventSourceArn)).toContain('StreamArn');
      expect(mapping).toMatchObject({
        StartingPosition: 'LATEST',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({
        eventName: ['INSERT'],
        dynamodb: { Keys: { SK: { S: [{ prefix: 'ORDER#' }] } } },
      });
      expect(JSON.stringify(mapping.DestinationConfig.OnFailure.Destination)).toContain(
        stack.getLogicalId(stack.orderLearningFailures.node.defaultChild as CfnElement),
      );
    });

    it('feed order changes to the webhook dispatcher, which queues events in SQS for the delivery function, with a DLQ after 8 attempts and an alarm on it', () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
      const dispatchId = idOf(stack.webhookDispatchFunction);
      const deliveryId = idOf(stack.webhookDeliveryFunction);
      const queueId = idOf(stack.webhookQueue);
      const deadLettersId = idOf(stack.webhookDeadLetters);
      // Act
      const mappings = Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
      const queues = resourcesOfType(template, 'AWS::SQS::Queue');
      const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
      const functions = resourcesOfType(template, 'AWS::Lambda::Function');
      // Assess: the stream source of the dispatcher, new and changed order items, parked in the DLQ.
      const dispatch = mappings.find((m) => m.FunctionName.Ref === dispatchId)!;
      expect(JSON.stringify(dispatch.EventSourceArn)).toContain('StreamArn');
      expect(JSON.parse(dispatch.FilterCriteria.Filters[0].Pattern)).toEqual({
        eventName: ['INSERT', 'MODIFY'],
        dynamodb: { Keys: { SK: { S: [{ prefix: 'ORDER#' }] } } },
      });
      expect(JSON.stringify(dispatch.DestinationConfig.OnFailure.Destination)).toContain(deadLettersId);
      // The SQS source of the delivery function, reporting partial failures.
      const delivery = mappings.find((m) => m.FunctionName.Ref === deliveryId)!;
      expect(JSON.stringify(delivery.EventSourceArn)).toContain(queueId);
      expect(delivery).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      // The queue: 8 receives then the DLQ, messages kept longer than the 27.5 h schedule, visibility above the function's timeout.
      const queue = queues[queueId]!.Properties;
      expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 8 });
      expect(queue.MessageRetentionPeriod).toBeGreaterThan(28 * 3600);
      expect(queue.VisibilityTimeout).toBeGreaterThan(functions[deliveryId]!.Properties.Timeout);
      expect(queues[deadLettersId]!.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
      // Both functions know the queue; the alarm watches the DLQ.
      for (const id of [dispatchId, deliveryId])
        expect(functions[id]!.Properties.Environment.Variables.WEBHOOK_QUEUE_URL).toEqual({ Ref: queueId });
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Namespace: 'AWS/SQS',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      );
    });

    it('let only the partners function manage usage plans and API keys, with exactly the API Gateway permissions it needs', () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
      const functions = resourcesOfType(template, 'AWS::Lambda::Function');
      const partnersRole = stack.getLogicalId(stack.functions.partners.role!.node.defaultChild as CfnRole);
      // Act
      const apigateway = policies.flatMap((p) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
          .filter((st) => [st.Action].flat().some((a) => a.startsWith('apigateway:')))
          .map((st) => ({
            roles: p.Properties.Roles.map((r: { Ref: string }) => r.Ref) as string[],
            actions: [st.Action].flat().sort(),
            resources: [st.Resource].flat(),
          })),
      );
      // Assess
      expect(new Set(apigateway.flatMap((st) => st.roles))).toEqual(new Set([partnersRole]));
      const granted = apigateway.map((st) => ({
        actions: st.actions,
        paths: st.resources.map((r) => {
          const parts = (r as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
          expect(parts).toEqual([
            'arn:',
            { Ref: 'AWS::Partition' },
            ':apigateway:',
            { Ref: 'AWS::Region' },
            expect.stringMatching(/^::\//),
          ]);
          return (parts[4] as string).slice(2);
        }),
      }));
      expect(granted).toEqual(USAGE_PLAN_ADMIN_PERMISSIONS.map((p) => ({ actions: [...p.actions].sort(), paths: [...p.paths] })));
      const partnersId = stack.getLogicalId(stack.functions.partners.node.defaultChild as CfnFunction);
      expect(functions[partnersId]!.Properties.Environment.Variables.USAGE_PLAN_GATEWAY).toBe('api-gateway');
      // The functions stay behind the API: none is given the API's id (a dependency cycle).
      for (const fn of Object.values(functions)) expect(JSON.stringify(fn.Properties.Environment ?? {})).not.toMatch(/ApiRestApi/);
    });

    it("give every route function a CURSOR_SECRET resolved from the stack's generated secret, never a constant", () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const functions = resourcesOfType(template, 'AWS::Lambda::Function');
      const secrets = resourcesOfType(template, 'AWS::SecretsManager::Secret');
      const secretId = stack.getLogicalId(stack.cursorSecret.node.defaultChild as CfnElement);
      // Act
      const values = Object.values(stack.functions).map(
        (fn) => functions[stack.getLogicalId(fn.node.defaultChild as CfnFunction)]!.Properties.Environment.Variables.CURSOR_SECRET,
      );
      // Assess: a dynamic reference to the generated secret (`{{resolve:secretsmanager:…}}`), resolved at deploy time.
      expect(secrets[secretId]!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48 });
      for (const value of values) {
        expect(typeof value).not.toBe('string');
        expect(JSON.stringify(value)).toContain('{{resolve:secretsmanager:');
        expect(JSON.stringify(value)).toContain(secretId);
      }
    });

    it('give the authorizer the admin token hash and the Cognito JWT settings', () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const logicalId = stack.getLogicalId(stack.authorizerFunction.node.defaultChild as CfnFunction);
      // Act
      const variables = resourcesOfType(template, 'AWS::Lambda::Function')[logicalId]!.Properties.Environment.Variables;
      // Assess
      expect(variables.ADMIN_TOKEN_SHA256).toBe(TEST_ADMIN_TOKEN_SHA256);
      expect(JSON.stringify(variables.JWT_ISSUER)).toContain('https://cognito-idp.');
      expect(JSON.stringify(variables.JWT_JWKS_URL)).toContain('/.well-known/jwks.json');
      expect(variables.JWT_AUDIENCE).toEqual({ Ref: expect.stringMatching(/WebClient/) });
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBeDefined();
    });
  });

  it('outputs the API URL, the web URL, the user pool id and the client id', () => {
    // Prepare + Act
    const outputs = Object.keys(template.findOutputs('*'));
    // Assess
    expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'WebUrl', 'UserPoolId', 'UserPoolClientId']));
  });
});

describe('routesDescription', () => {
  it('names every route while they fit in Lambda’s 256 characters, then counts the rest', () => {
    // Prepare
    const few = [
      { method: 'GET', path: '/a' },
      { method: 'PUT', path: '/b' },
    ];
    const many = Array.from({ length: 30 }, (_, i) => ({ method: 'GET', path: `/admin/tenants/{tenantId}/setting-${i}` }));
    // Act
    const short = routesDescription(few);
    const long = routesDescription(many);
    // Assess
    expect(short).toBe('Routes: GET /a, PUT /b');
    expect(long.length).toBeLessThanOrEqual(256);
    expect(long).toMatch(/^Routes: GET \/admin\/tenants\/\{tenantId\}\/setting-0, .* and \d+ more$/);
    const shown = long.split(', ').length;
    expect(long.endsWith(`and ${30 - shown} more`)).toBe(true);
  });
});
