import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { PROBLEM_TYPES, problemType } from '../../shared/http/problem.ts';

/** The media type of every error body (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface GatewayProblem {
  type: string;
  title: string;
  /** Absent where API Gateway decides the status (the DEFAULT_* catch-alls). */
  status?: number;
}

/** A problem kind the handlers also answer with, so clients see one vocabulary. */
function known(slug: string): GatewayProblem {
  const kind = PROBLEM_TYPES[slug];
  if (!kind) throw new Error(`shared/http/problem.ts has no problem type '${slug}'`);
  return { type: kind.type, title: kind.title, status: kind.status };
}

/**
 * Problems only API Gateway produces (no handler ran), in the same `/problems/<slug>` space as
 * `shared/http/problem.ts`.
 */
const GATEWAY_ONLY = {
  tooManyRequests: { type: problemType('too-many-requests'), title: 'Too many requests; slow down and retry', status: 429 },
  quotaExceeded: { type: problemType('quota-exceeded'), title: "The API key's request quota for this period is used up", status: 429 },
  gatewayTimeout: { type: problemType('gateway-timeout'), title: 'The request took too long to answer', status: 504 },
  // The catch-alls cover whatever the explicit types below do not. Gateway response templates
  // are plain substitution (no VTL conditionals) and expose no status variable, so these
  // bodies cannot state the status; RFC 9457 makes `status` advisory, and the HTTP status
  // line stays correct.
  requestRejected: { type: problemType('request-rejected'), title: 'The API gateway rejected the request' },
  gatewayError: { type: problemType('gateway-error'), title: 'The API gateway could not process the request' },
} satisfies Record<string, GatewayProblem>;

/**
 * Every gateway response the API customizes, with its problem. The status codes are set
 * explicitly so that body and status line always agree.
 */
export const GATEWAY_PROBLEMS: ReadonlyArray<{ responseType: ResponseType; problem: GatewayProblem }> = [
  // The authorizer throws 'Unauthorized' when it cannot even build a context.
  { responseType: ResponseType.UNAUTHORIZED, problem: known('unauthenticated') },
  // The authorizer returned a Deny policy.
  { responseType: ResponseType.ACCESS_DENIED, problem: known('forbidden') },
  // A REST API answers an unknown path or method with this type (403 by default); for our
  // clients it means "no such route", as on the local server.
  { responseType: ResponseType.MISSING_AUTHENTICATION_TOKEN, problem: known('not-found') },
  { responseType: ResponseType.RESOURCE_NOT_FOUND, problem: known('not-found') },
  { responseType: ResponseType.INVALID_API_KEY, problem: known('forbidden') },
  { responseType: ResponseType.REQUEST_TOO_LARGE, problem: known('body-too-large') },
  { responseType: ResponseType.UNSUPPORTED_MEDIA_TYPE, problem: known('unsupported-media-type') },
  { responseType: ResponseType.BAD_REQUEST_BODY, problem: known('malformed-request') },
  { responseType: ResponseType.BAD_REQUEST_PARAMETERS, problem: known('malformed-request') },
  { responseType: ResponseType.THROTTLED, problem: GATEWAY_ONLY.tooManyRequests },
  { responseType: ResponseType.QUOTA_EXCEEDED, problem: GATEWAY_ONLY.quotaExceeded },
  { responseType: ResponseType.AUTHORIZER_FAILURE, problem: known('internal-error') },
  { responseType: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, problem: known('internal-error') },
  { responseType: ResponseType.API_CONFIGURATION_ERROR, problem: known('internal-error') },
  { responseType: ResponseType.INTEGRATION_FAILURE, problem: { ...known('internal-error'), status: 502 } },
  { responseType: ResponseType.INTEGRATION_TIMEOUT, problem: GATEWAY_ONLY.gatewayTimeout },
  { responseType: ResponseType.DEFAULT_4XX, problem: GATEWAY_ONLY.requestRejected },
  { responseType: ResponseType.DEFAULT_5XX, problem: GATEWAY_ONLY.gatewayError },
];

/**
 * Makes every error API Gateway answers by itself (before or instead of a handler) an RFC 9457
 * problem+json body, like the handlers' errors, with the CORS header so the web page can read
 * it. The template is keyed `application/json` because API Gateway picks it for any `Accept`
 * header; the `Content-Type` header is then overridden to `application/problem+json`.
 *
 * @param allowedOrigin the web page's origin, e.g. `https://d111.cloudfront.net`
 */
export function addProblemGatewayResponses(api: RestApi, allowedOrigin: string): void {
  for (const { responseType, problem } of GATEWAY_PROBLEMS) {
    const body =
      `{"type":${JSON.stringify(problem.type)},"title":${JSON.stringify(problem.title)},` +
      (problem.status === undefined ? '' : `"status":${problem.status},`) +
      `"detail":$context.error.messageString,"requestId":"$context.requestId"}`;
    api.addGatewayResponse(`Problem${responseType.responseType}`, {
      type: responseType,
      statusCode: problem.status === undefined ? undefined : String(problem.status),
      responseHeaders: {
        'Content-Type': `'${PROBLEM_CONTENT_TYPE}'`,
        'Access-Control-Allow-Origin': `'${allowedOrigin}'`,
        ...(problem.status === 401 ? { 'WWW-Authenticate': "'Bearer'" } : {}),
      },
      templates: { 'application/json': body },
    });
  }
}
