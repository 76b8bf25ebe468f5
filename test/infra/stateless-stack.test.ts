import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_USAGE_LIMITS } from '../../infra/constructs/configurator-api.ts';
import { NODE_RUNTIME, TABLE_ACTIONS } from '../../infra/constructs/configurator-function.ts';
import { PROBLEM_CONTENT_TYPE } from '../../infra/constructs/problem-gateway-responses.ts';
import { AUTHORIZER_TABLE_ACCESS, TABLE_ACCESS } from '../../infra/stacks/stateless-stack.ts';
import { ROUTES, type FunctionId } from '../../shared/http/routes.ts';
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
  return '/' + parts.join('/');
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

    it('puts the authorizer (or an API key) on every route but the public ones, GET /health and GET /openapi.json', () => {
      // Prepare: the public routes are those the route table declares auth 'none'.
      const publicRoutes = ROUTES.filter((r) => !r.localOnly && r.auth === 'none').map((r) => `${r.method} ${r.path}`);
      const methods = deployedMethods(template);
      // Act
      const routes = [...methods.entries()].filter(([key]) => !key.startsWith('OPTIONS '));
      // Assess
      expect(publicRoutes.sort()).toEqual(['GET /health', 'GET /openapi.json']);
      for (const [key, method] of routes) {
        const guarded = method.AuthorizationType === 'CUSTOM' || method.ApiKeyRequired === true;
        if (publicRoutes.includes(key)) {
          expect(method.AuthorizationType, key).toBe('NONE');
          expect(method.ApiKeyRequired ?? false, key).toBe(false);
        } else {
          expect(guarded, key).toBe(true);
        }
      }
      for (const route of ROUTES.filter((r) => !r.localOnly && r.auth === 'caller')) {
        expect(methods.get(`${route.method} ${route.path}`)!.AuthorizerId, route.path).toBeDefined();
      }
    });

    it('sends every route to its own function by Lambda proxy integration', () => {
      // Prepare
      const methods = deployedMethods(template);
      const stack = synthesized.stacks.stateless;
      const logicalIdOf = (id: FunctionId) => stack.getLogicalId(synthesized.stacks.stateless.functions[id].node.defaultChild as CfnFunction);
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

    it('takes API keys from the authorizer and attaches the partner usage plan to the stage', () => {
      // Prepare
      const api = Object.values(resourcesOfType(template, 'AWS::ApiGateway::RestApi'))[0]!;
      // Act
      const plans = Object.values(resourcesOfType(template, 'AWS::ApiGateway::UsagePlan'));
      // Assess
      expect(api.Properties.ApiKeySourceType).toBe('AUTHORIZER');
      expect(plans).toHaveLength(1);
      expect(plans[0]!.Properties.Throttle).toEqual({ RateLimit: PARTNER_USAGE_LIMITS.throttle.rateLimit, BurstLimit: PARTNER_USAGE_LIMITS.throttle.burstLimit });
      expect(plans[0]!.Properties.Quota).toEqual({ Limit: PARTNER_USAGE_LIMITS.quota.limit, Period: 'DAY' });
      expect(plans[0]!.Properties.ApiStages).toHaveLength(1);
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
        expect(problem).toEqual(expect.objectContaining({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String), status }));
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
      // The route functions, the authorizer and the nightly tier job.
      // The route functions, the authorizer, the tier job and the token-claims trigger.
      expect(functions.length).toBe(Object.keys(TABLE_ACCESS).length + 3);
      expect(majorOf(NODE_RUNTIME.name)).toBeGreaterThanOrEqual(22);
      for (const [id, fn] of functions) {
        expect(fn.Properties.Runtime, id).toBe(NODE_RUNTIME.name);
        expect(fn.Properties.Architectures, id).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      }
    });

    it('that touch the table know its name and get exactly their access', () => {
      // Prepare
      const stack = synthesized.stacks.stateless;
      const bound = [
        ...Object.entries(TABLE_ACCESS).map(([id, access]) => ({ fn: stack.functions[id as FunctionId], access })),
        { fn: stack.authorizerFunction, access: AUTHORIZER_TABLE_ACCESS },
      ];
      const functions = resourcesOfType(template, 'AWS::Lambda::Function');
      const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
      // Act + Assess
      for (const { fn, access } of bound) {
        const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnFunction);
        expect(functions[logicalId]!.Properties.Environment.Variables.TABLE_NAME, logicalId).toBeDefined();
        const roleId = Stack.of(fn).getLogicalId(fn.role!.node.defaultChild as CfnRole);
        const actions = policies
          .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
          .flatMap((p) => p.Properties.PolicyDocument.Statement)
          .flatMap((s: { Action: string | string[] }) => [s.Action].flat())
          .filter((a: string) => a.startsWith('dynamodb:'));
        expect(new Set(actions), logicalId).toEqual(new Set(TABLE_ACTIONS[access]));
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
