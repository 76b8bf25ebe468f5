/**
 * The local stand-in for API Gateway: turns each HTTP request into the same REST proxy event
 * API Gateway sends (after running the same REQUEST authorizer), calls the same handler the
 * CDK stack deploys, and maps the result back. It also serves the web page at `/` and the
 * local-only `POST /dev/login`.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { MethodNotAllowedError, problemResponse, RouteNotFoundError, BodyTooLargeError } from '#http/problem';
import { matchRoute, type RouteDefinition } from '#http/routes';
import type { UsagePlan } from '#partners/partner';
import { AUTHORIZER_MODULE, FUNCTION_MODULES, type ProxyHandler } from './functions.ts';
import { runAsTableUser } from './table-access-recorder.ts';
import { UsagePlanEnforcer } from './usage-plans.ts';

/** Lambda refuses synchronous invocation payloads above 6 MB; so do we, before decoding. */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

export interface LocalRouteHandler {
  method: string;
  path: string;
  handle(body: Buffer, request: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
}

export interface LocalApiOptions {
  /** Folder served at `/` (the built web page). */
  webRoot?: string;
  /** Extra local-only routes, e.g. `/dev/login`. */
  localRoutes?: LocalRouteHandler[];
  /** Called with one line per request (method, path, status, ms). */
  log?: (line: string) => void;
  /** A partner's usage plan, enforced like API Gateway's (absent: no limits). */
  usagePlanOf?: (partnerId: string) => Promise<UsagePlan>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

export function createLocalApi(options: LocalApiOptions = {}): Server {
  const handlers = new Map<string, Promise<ProxyHandler>>();
  const handlerFor = (route: RouteDefinition) => {
    let loaded = handlers.get(route.function);
    if (!loaded) {
      loaded = FUNCTION_MODULES[route.function]().then((m) => m.handler);
      handlers.set(route.function, loaded);
    }
    return loaded;
  };
  const authorizer = AUTHORIZER_MODULE().then((m) => m.handler);
  const usagePlans = new UsagePlanEnforcer();
  // An unhandled rejection here would crash the server; the failure surfaces on first use instead.
  authorizer.catch(() => {});

  const server = createServer({ maxHeaderSize: 16 * 1024 }, (request, response) => {
    const started = Date.now();
    const requestId = randomUUID();
    handle(request, response, requestId)
      .catch((error: unknown) => send(response, { ...problemResponse(error, { instance: request.url ?? '/', requestId }) }, requestId))
      .finally(() => options.log?.(`${request.method} ${request.url} ${response.statusCode} ${Date.now() - started}ms`));
  });
  // Idle keep-alive connections outlive the client's own idle timeout (4 s in Node's fetch), so a
  // client never sends on a socket the server is closing at that moment (an ECONNRESET). API
  // Gateway keeps them far longer still.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Requests Node refuses before any handler runs (oversized headers, malformed HTTP) still get a problem.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({
      type: status === 431 ? '/problems/headers-too-large' : '/problems/malformed-request',
      title: status === 431 ? 'Request headers too large' : 'The request is malformed',
      status,
      detail: status === 431 ? 'the request line and headers must stay under 16 KB' : 'the HTTP request could not be parsed',
    });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;

  async function handle(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();

    const local = options.localRoutes?.find((r) => r.method === method && r.path === url.pathname);
    if (local) {
      const result = await local.handle(await readBody(request), request);
      return send(
        response,
        {
          statusCode: result.status,
          headers: { 'Content-Type': 'application/json', ...result.headers },
          body: JSON.stringify(result.body),
        },
        requestId,
      );
    }

    const match = matchRoute(method, url.pathname);
    if (!match) {
      if (method === 'GET' && options.webRoot && (await serveStatic(options.webRoot, url.pathname, response))) return;
      throw new RouteNotFoundError(url.pathname);
    }
    if ('allowed' in match) throw new MethodNotAllowedError(method, match.allowed);

    const body = await readBody(request);
    const headers = flattenHeaders(request);
    const query = Object.fromEntries(url.searchParams);
    let authorizerContext: Record<string, unknown> | undefined;
    if (match.route.auth !== 'none') {
      const authorizerEvent: APIGatewayRequestAuthorizerEvent = {
        type: 'REQUEST',
        methodArn: `arn:aws:execute-api:local:000000000000:local/local/${method}${match.route.path}`,
        resource: match.route.path,
        path: url.pathname,
        httpMethod: method,
        headers,
        multiValueHeaders: multiValue(headers),
        pathParameters: match.pathParameters,
        queryStringParameters: query,
        multiValueQueryStringParameters: multiValue(query),
        stageVariables: null,
        requestContext: { ...requestContext(method, match.route.path, url.pathname, requestId, undefined), authorizer: undefined },
      };
      const authorize = await authorizer;
      const result = await runAsTableUser('authorizer', () => authorize(authorizerEvent));
      if (result.policyDocument.Statement.some((s) => 'Effect' in s && s.Effect === 'Deny')) {
        return send(
          response,
          {
            statusCode: 403,
            headers: { 'Content-Type': 'application/problem+json' },
            body: JSON.stringify({ type: '/problems/forbidden', title: 'Forbidden', status: 403 }),
          },
          requestId,
        );
      }
      authorizerContext = { ...result.context, principalId: result.principalId };
      const partnerId = result.context?.partnerId;
      if (options.usagePlanOf && result.context?.callerKind === 'partner' && typeof partnerId === 'string') {
        usagePlans.take(partnerId, await options.usagePlanOf(partnerId));
      }
    }

    const event: APIGatewayProxyEvent = {
      resource: match.route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: multiValue(headers),
      queryStringParameters: Object.keys(query).length ? query : null,
      multiValueQueryStringParameters: Object.keys(query).length ? multiValue(query) : null,
      pathParameters: Object.keys(match.pathParameters).length ? match.pathParameters : null,
      stageVariables: null,
      // The deployed API treats every body as binary (binaryMediaTypes */*), so do we.
      body: body.byteLength ? body.toString('base64') : null,
      isBase64Encoded: body.byteLength > 0,
      requestContext: requestContext(method, match.route.path, url.pathname, requestId, authorizerContext),
    };
    const functionHandler = await handlerFor(match.route);
    send(response, await runAsTableUser(match.route.function, () => functionHandler(event)), requestId);
  }
}

function requestContext(
  method: string,
  resourcePath: string,
  path: string,
  requestId: string,
  authorizer: Record<string, unknown> | undefined,
): APIGatewayProxyEvent['requestContext'] {
  return {
    accountId: '000000000000',
    apiId: 'local',
    authorizer: authorizer ?? null,
    protocol: 'HTTP/1.1',
    httpMethod: method,
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '127.0.0.1',
      user: null,
      userAgent: null,
      userArn: null,
    },
    path,
    stage: 'local',
    requestId,
    requestTimeEpoch: Date.now(),
    resourceId: 'local',
    resourcePath,
  };
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return headers;
}

function multiValue(values: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]]));
}

/** Past this, an oversized upload is cut off instead of drained. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    // Keep reading (and discarding) an oversized body, so the client gets the 413 instead of a reset connection.
    if (size <= LAMBDA_PAYLOAD_LIMIT_BYTES) chunks.push(chunk as Buffer);
    else if (size > DRAIN_LIMIT_BYTES) request.destroy();
  }
  if (size > LAMBDA_PAYLOAD_LIMIT_BYTES) throw new BodyTooLargeError(LAMBDA_PAYLOAD_LIMIT_BYTES);
  return Buffer.concat(chunks);
}

function send(
  response: ServerResponse,
  result: APIGatewayProxyResult | { statusCode: number; headers: Record<string, string>; body: string },
  requestId: string,
): void {
  if (response.headersSent) return;
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  const body =
    'isBase64Encoded' in result && result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
  response.writeHead(result.statusCode, { ...headers, 'Content-Length': String(body.byteLength) });
  response.end(body);
}

async function serveStatic(webRoot: string, pathname: string, response: ServerResponse): Promise<boolean> {
  const root = resolve(webRoot);
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = normalize(join(root, relative));
  if (!file.startsWith(root)) return false;
  try {
    const content = await readFile(file);
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(content.byteLength),
      'Cache-Control': 'no-cache',
    });
    response.end(content);
    return true;
  } catch {
    return false;
  }
}
