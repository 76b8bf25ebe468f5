import { Aws, Duration, Fn, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKey,
  ApiKeySourceType,
  AuthorizationType,
  type CfnAuthorizer,
  LambdaIntegration,
  LogGroupLogDestination,
  RequestAuthorizer,
  RestApi,
  type IResource,
  type Method,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionId, RouteDefinition } from '../../shared/http/routes.ts';
import { addProblemGatewayResponses } from './problem-gateway-responses.ts';

/** The stage every URL starts with. */
export const API_STAGE_NAME = 'prod';

/**
 * The shared usage plans of callers that are not partners (each partner gets a plan of its own
 * from the admin API, see docs/adr/0002-partner-usage-plans-in-api-gateway.md). No daily
 * quota on either: a quota that strangers can use up would lock every customer out for the day.
 */
export const SHARED_USAGE_LIMITS = {
  /** Customers on the web page and admins. */
  webCallers: { throttle: { rateLimit: 150, burstLimit: 300 } },
  /** Requests whose credentials did not resolve (they get a 401 from the handler). */
  unauthenticated: { throttle: { rateLimit: 10, burstLimit: 20 } },
} as const;

/**
 * The API Gateway actions on the resources the partners function needs to keep partners'
 * usage plans and API keys in step (shared/partners/api-gateway-usage-plans.ts): list and
 * create keys and plans, delete a key, update a plan and add a key to it. Nothing else: no
 * stage, API or account settings.
 */
export const USAGE_PLAN_ADMIN_PERMISSIONS = [
  { actions: ['apigateway:GET', 'apigateway:POST'], paths: ['/apikeys', '/usageplans'] },
  { actions: ['apigateway:DELETE'], paths: ['/apikeys/*'] },
  { actions: ['apigateway:PATCH', 'apigateway:POST'], paths: ['/usageplans/*'] },
] as const;

/** Whole-stage ceiling, so one noisy caller cannot eat the account's API Gateway limit. */
const STAGE_THROTTLE = { rateLimit: 200, burstLimit: 400 };

/** Request headers the web page and partners send; everything else is refused by CORS. */
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Content-Encoding',
  'x-api-key',
  'Idempotency-Key',
  'If-Match',
  'X-Customer-Present',
];

export interface ConfiguratorApiProps {
  /** The deployed routes (local-only ones already removed). */
  readonly routes: readonly RouteDefinition[];
  /** The function serving each route's `function`. */
  readonly functions: Readonly<Record<FunctionId, IFunction>>;
  /** `functions/authorizer.ts`, run before every route with a caller (`auth` other than `none`). */
  readonly authorizerFunction: IFunction;
  /** The web page's origin, the only one CORS allows. */
  readonly allowedOrigin: string;
  /**
   * Whether routes with a caller require an API key: the authorizer names one in every
   * answer (`usageIdentifierKey`: the partner's own, or the shared key of web callers or of
   * unauthenticated requests), and only then does API Gateway enforce usage plans.
   * @default true
   */
  readonly apiKeyRequired?: boolean;
}

/**
 * The REST API, derived from the route table: one resource per path segment, one method per
 * route with a Lambda proxy integration to its function, the REQUEST authorizer on every
 * `caller` route, CORS for the web page, problem+json gateway responses, access logs, X-Ray,
 * and the shared usage plans on the stage (web callers, unauthenticated); partners' own plans
 * are made at run time by the admin API ({@link grantUsagePlanAdministration}).
 *
 * The authorizer has no identity sources and no cache. Partners send only `x-api-key`,
 * customers and admins only `Authorization`; API Gateway answers 401 by itself, without calling
 * the authorizer, when a request lacks any declared identity source, so declaring either header
 * would lock the other callers out. Without identity sources API Gateway must not cache
 * (there is no cache key), hence TTL 0: every request is resolved afresh, which is also what
 * makes a revoked partner key stop working at once.
 */
export class ConfiguratorApi extends Construct {
  readonly restApi: RestApi;
  readonly authorizer: RequestAuthorizer;
  /** Customers and admins share this plan and its key. */
  readonly webCallersUsagePlan: UsagePlan;
  /** Requests without valid credentials share this plan and its key. */
  readonly unauthenticatedUsagePlan: UsagePlan;
  /**
   * The values of the two shared API Gateway keys, for the authorizer's environment. Not
   * secrets (with key source AUTHORIZER a client cannot present them; they only meter); unique
   * per stack (the stack id's UUID), because API Gateway key values are unique per region.
   */
  readonly sharedUsageKeys: { readonly webCallers: string; readonly unauthenticated: string };
  /** The method of each route, keyed `"<METHOD> <path>"`. */
  readonly methods = new Map<string, Method>();

  constructor(scope: Construct, id: string, props: ConfiguratorApiProps) {
    super(scope, id);

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.restApi = new RestApi(this, 'RestApi', {
      description: 'Order configurator: catalogs, configuration, customers and orders',
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // Gzip-compressed catalog documents must reach the handler byte for byte; binary media
      // types make API Gateway pass JSON bodies base64-encoded (isBase64Encoded), which
      // shared/http/request.ts decodes.
      binaryMediaTypes: ['application/json'],
      cloudWatchRole: false,
      deployOptions: {
        stageName: API_STAGE_NAME,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        metricsEnabled: true,
        throttlingRateLimit: STAGE_THROTTLE.rateLimit,
        throttlingBurstLimit: STAGE_THROTTLE.burstLimit,
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [props.allowedOrigin],
        allowMethods: [...new Set(props.routes.map((r) => r.method)), 'OPTIONS'],
        allowHeaders: CORS_ALLOWED_HEADERS,
        maxAge: Duration.hours(1),
      },
    });

    this.authorizer = new RequestAuthorizer(this, 'CallerAuthorizer', {
      handler: props.authorizerFunction,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    // CDK writes the empty list as IdentitySource "", which API Gateway rejects; absent is
    // what "no identity sources" means.
    (this.authorizer.node.defaultChild as CfnAuthorizer).addPropertyDeletionOverride('IdentitySource');

    const integrations = new Map<FunctionId, LambdaIntegration>();
    for (const route of props.routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new LambdaIntegration(props.functions[route.function]);
        integrations.set(route.function, integration);
      }
      const resource = this.resourceFor(route.path);
      const method = resource.addMethod(
        route.method,
        integration,
        route.auth !== 'none'
          ? { authorizer: this.authorizer, authorizationType: AuthorizationType.CUSTOM, apiKeyRequired: props.apiKeyRequired ?? true }
          : { authorizationType: AuthorizationType.NONE },
      );
      this.methods.set(`${route.method} ${route.path}`, method);
      if (route.auth === 'none') {
        Validations.of(method).acknowledge(
          {
            id: 'AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design (route table: auth 'none'): ${route.summary}.`,
          },
          {
            id: 'AwsSolutions-COG4',
            reason: `${route.method} ${route.path} is public by design (route table: auth 'none'); no authorizer of any kind applies.`,
          },
        );
      }
    }
    this.acknowledgePreflightMethods();

    const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.sharedUsageKeys = {
      webCallers: Fn.join('', ['configurator-web-callers-', stackUuid]),
      unauthenticated: Fn.join('', ['configurator-unauthenticated-', stackUuid]),
    };
    this.webCallersUsagePlan = this.sharedUsagePlan(
      'WebCallers',
      'Customers (web page) and admins: one shared key, named by the authorizer',
      this.sharedUsageKeys.webCallers,
      SHARED_USAGE_LIMITS.webCallers,
    );
    this.unauthenticatedUsagePlan = this.sharedUsagePlan(
      'Unauthenticated',
      'Requests whose credentials did not resolve (answered 401 by the handler): a tight plan of their own',
      this.sharedUsageKeys.unauthenticated,
      SHARED_USAGE_LIMITS.unauthenticated,
    );

    addProblemGatewayResponses(this.restApi, props.allowedOrigin);

    Validations.of(this.restApi).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'Every handler parses its request with strict zod schemas and answers problem+json with the failing field; a gateway validator would duplicate that with worse messages.',
      },
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'No WAF web ACL yet: stage throttling, the usage plans (per partner, web callers, unauthenticated) and the authorizer bound abuse; a web ACL is a cost decision for production traffic.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason:
          'Execution logging needs the account-wide API Gateway CloudWatch role, an account setting this app must not own; access logs, X-Ray and the Lambda logs cover every request.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'Callers are admins (bearer token), partners (API key) and customers (Cognito JWT); one Lambda REQUEST authorizer resolves all three, which a Cognito authorizer cannot.',
      },
    );
  }

  /**
   * Lets `fn` (the partners function) keep partners' usage plans and API keys in step:
   * exactly {@link USAGE_PLAN_ADMIN_PERMISSIONS}, in this stack's region.
   */
  grantUsagePlanAdministration(fn: LambdaFunction): void {
    for (const permission of USAGE_PLAN_ADMIN_PERMISSIONS) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [...permission.actions],
          resources: permission.paths.map((path) => `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}::${path}`),
        }),
      );
    }
    fn.addEnvironment('USAGE_PLAN_GATEWAY', 'api-gateway');
    Validations.of(fn).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/apikeys/*]',
        reason:
          'API Gateway generates API key ids when the admin API creates a partner key, so no ARN can name them in advance; only DELETE is allowed on them.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/usageplans/*]',
        reason:
          'API Gateway generates usage plan ids when the admin API creates a partner; only PATCH (limits, stage) and POST (add a key to the plan) are allowed on them.',
      },
    );
  }

  private sharedUsagePlan(
    id: string,
    description: string,
    value: string,
    limits: { throttle: { rateLimit: number; burstLimit: number } },
  ): UsagePlan {
    const key = new ApiKey(this, `${id}Key`, { description: `${description} (usage identifier, not a credential)`, value, enabled: true });
    const plan = this.restApi.addUsagePlan(`${id}UsagePlan`, { description, throttle: limits.throttle });
    plan.addApiStage({ stage: this.restApi.deploymentStage });
    plan.addApiKey(key);
    return plan;
  }

  /** The URL of the stage, ending in `/`. */
  get url(): string {
    return this.restApi.url;
  }

  private resourceFor(path: string): IResource {
    let resource: IResource = this.restApi.root;
    for (const segment of path.split('/').filter(Boolean)) {
      resource = resource.getResource(segment) ?? resource.addResource(segment);
    }
    return resource;
  }

  /** CORS preflights carry no credentials by definition, so they cannot be authorized. */
  private acknowledgePreflightMethods(): void {
    const visit = (resource: IResource): void => {
      const preflight = resource.node.tryFindChild('OPTIONS');
      if (preflight) {
        Validations.of(preflight).acknowledge(
          {
            id: 'AwsSolutions-APIG4',
            reason: 'CORS preflight (OPTIONS, mock integration): browsers send it without credentials, so it cannot require authorization.',
          },
          {
            id: 'AwsSolutions-COG4',
            reason: 'CORS preflight (OPTIONS, mock integration): browsers send it without credentials, so no authorizer can apply.',
          },
        );
      }
      for (const child of resource.node.children) {
        if (isResource(child)) visit(child);
      }
    };
    visit(this.restApi.root);
  }
}

function isResource(construct: unknown): construct is IResource {
  return typeof construct === 'object' && construct !== null && 'resourceId' in construct && 'addMethod' in construct;
}
