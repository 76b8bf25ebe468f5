import { Duration, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  CfnAuthorizer,
  LambdaIntegration,
  LogGroupLogDestination,
  Period,
  RequestAuthorizer,
  RestApi,
  type IResource,
  type Method,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionId, RouteDefinition } from '../../shared/http/routes.ts';
import { addProblemGatewayResponses } from './problem-gateway-responses.ts';

/** The stage every URL starts with. */
export const API_STAGE_NAME = 'prod';

/**
 * Partner limits: the plan every partner's API key is added to (by the admin API, when a
 * partner is created). Tuned for reseller back-office integrations, not for bulk export.
 */
export const PARTNER_USAGE_LIMITS = {
  throttle: { rateLimit: 20, burstLimit: 40 },
  quota: { limit: 50_000, period: Period.DAY },
} as const;

/** Whole-stage ceiling, so one noisy caller cannot eat the account's API Gateway limit. */
const STAGE_THROTTLE = { rateLimit: 200, burstLimit: 400 };

/** Request headers the web page and partners send; everything else is refused by CORS. */
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Content-Encoding', 'x-api-key', 'Idempotency-Key', 'If-Match'];

export interface ConfiguratorApiProps {
  /** The deployed routes (local-only ones already removed). */
  readonly routes: readonly RouteDefinition[];
  /** The function serving each route's `function`. */
  readonly functions: Readonly<Record<FunctionId, IFunction>>;
  /** `functions/authorizer.ts`, run before every route with `auth: 'caller'`. */
  readonly authorizerFunction: IFunction;
  /** The web page's origin, the only one CORS allows. */
  readonly allowedOrigin: string;
  /**
   * Whether routes with `auth: 'caller'` require an API key (`usageIdentifierKey` returned by
   * the authorizer). Only then does API Gateway enforce usage plans; but then every caller,
   * also customers and admins, needs a key, which the authorizer does not return today.
   * @default false
   */
  readonly apiKeyRequired?: boolean;
}

/**
 * The REST API, derived from the route table: one resource per path segment, one method per
 * route with a Lambda proxy integration to its function, the REQUEST authorizer on every
 * `caller` route, CORS for the web page, problem+json gateway responses, access logs, X-Ray,
 * and the partners' usage plan on the stage.
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
  readonly partnerUsagePlan: UsagePlan;
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
        route.auth === 'caller'
          ? { authorizer: this.authorizer, authorizationType: AuthorizationType.CUSTOM, apiKeyRequired: props.apiKeyRequired ?? false }
          : { authorizationType: AuthorizationType.NONE },
      );
      this.methods.set(`${route.method} ${route.path}`, method);
      if (route.auth === 'none') {
        Validations.of(method).acknowledge(
          { id: 'AwsSolutions-APIG4', reason: `${route.method} ${route.path} is public by design (route table: auth 'none'): ${route.summary}.` },
          { id: 'AwsSolutions-COG4', reason: `${route.method} ${route.path} is public by design (route table: auth 'none'); no authorizer of any kind applies.` },
        );
      }
    }
    this.acknowledgePreflightMethods();

    this.partnerUsagePlan = this.restApi.addUsagePlan('PartnerUsagePlan', {
      description: 'Partners (resellers): each partner API key is added to this plan',
      throttle: PARTNER_USAGE_LIMITS.throttle,
      quota: PARTNER_USAGE_LIMITS.quota,
    });
    this.partnerUsagePlan.addApiStage({ stage: this.restApi.deploymentStage });

    addProblemGatewayResponses(this.restApi, props.allowedOrigin);

    Validations.of(this.restApi).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason: 'Every handler parses its request with strict zod schemas and answers problem+json with the failing field; a gateway validator would duplicate that with worse messages.',
      },
      {
        id: 'AwsSolutions-APIG3',
        reason: 'No WAF web ACL yet: stage throttling, the partner usage plan and the authorizer bound abuse; a web ACL is a cost decision for production traffic.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason: 'Execution logging needs the account-wide API Gateway CloudWatch role, an account setting this app must not own; access logs, X-Ray and the Lambda logs cover every request.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason: 'Callers are admins (bearer token), partners (API key) and customers (Cognito JWT); one Lambda REQUEST authorizer resolves all three, which a Cognito authorizer cannot.',
      },
    );
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
          { id: 'AwsSolutions-APIG4', reason: 'CORS preflight (OPTIONS, mock integration): browsers send it without credentials, so it cannot require authorization.' },
          { id: 'AwsSolutions-COG4', reason: 'CORS preflight (OPTIONS, mock integration): browsers send it without credentials, so no authorizer can apply.' },
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
