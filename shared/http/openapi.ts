/**
 * The OpenAPI 3.1 document, generated from the route table (`routes.ts`) and the zod schemas of
 * the contract (`contract.ts`) with zod's own `z.toJSONSchema` (JSON Schema 2020-12, which is
 * OpenAPI 3.1's schema dialect). Nothing here is written by hand twice: a route without a
 * contract, or a component name given to two different schemas, stops the build.
 *
 * Conventions:
 * - Request bodies are converted as zod *input* (defaults make fields optional) and stay closed:
 *   `additionalProperties: false` at every depth, as the handlers refuse unknown keys.
 * - Responses are converted as zod *output* and left open (clients must ignore members they do
 *   not know: new ones may appear without a new API version).
 * - Errors are RFC 9457 problems (`components.responses`), one per status.
 */
import * as z from 'zod';
import { CONTRACT, contractOf, REQUEST_COMPONENTS, RESPONSE_COMPONENTS, type ProblemStatus, type RouteSpec } from './contract.ts';
import { PROBLEM_TYPES } from './problem.ts';
import { ROUTES, type RouteDefinition } from './routes.ts';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

const TARGET = 'draft-2020-12';
const SCHEMA_REF = (name: string) => `#/components/schemas/${name}`;

/** Drops what only a standalone JSON Schema needs (`$schema`, `$id`): inside OpenAPI they would be wrong. */
function embeddable(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Responses are open: removes `additionalProperties: false` at every depth. */
function opened(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(opened);
  if (!value || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'additionalProperties' && inner === false) continue;
    out[key] = opened(inner);
  }
  return out;
}

/** Converts named schemas as one registry, so that they refer to each other by `$ref`. */
function componentSchemas(named: Readonly<Record<string, z.ZodType>>, io: Io): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: TARGET, io, uri: SCHEMA_REF, unrepresentable: 'throw' }) as unknown as {
    schemas: Record<string, JsonSchema>;
  };
  if (schemas.__shared) throw new Error('openapi: a schema converted to shared $defs; name it in contract.ts instead');
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, io === 'output' ? (opened(embeddable(schema)) as JsonSchema) : embeddable(schema)]),
  );
}

/** A schema in place: a `$ref` when it is a named component, else its conversion. */
function schemaOf(schema: z.ZodType, io: Io): JsonSchema {
  const named = io === 'input' ? REQUEST_COMPONENTS : RESPONSE_COMPONENTS;
  const name = Object.entries(named).find(([, s]) => s === schema)?.[0];
  if (name) return { $ref: SCHEMA_REF(name) };
  const converted = embeddable(z.toJSONSchema(schema, { target: TARGET, io, unrepresentable: 'throw' }) as JsonSchema);
  return io === 'output' ? (opened(converted) as JsonSchema) : converted;
}

/** OpenAPI parameters from a strict object schema of path or query values. */
function parametersOf(object: z.ZodObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!object) return [];
  const json = schemaOf(object, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

interface ProblemResponse {
  name: string;
  description: string;
  slugs: string[];
  headers?: Record<string, JsonSchema>;
}

/** One reusable response per problem status; the `type`s each can carry. */
const PROBLEM_RESPONSES: Record<ProblemStatus, ProblemResponse> = {
  400: {
    name: 'BadRequest',
    description: 'Malformed: not JSON, wrong shape, unknown field, bad path, query or header value, a body where none is taken',
    slugs: ['malformed-request'],
  },
  401: {
    name: 'Unauthenticated',
    description: 'Credentials are missing, invalid, expired or revoked (the `detail` says which)',
    slugs: ['unauthenticated'],
    headers: { 'WWW-Authenticate': { description: 'Always `Bearer`', schema: { type: 'string' } } },
  },
  403: { name: 'Forbidden', description: 'A known caller that may not do this (e.g. a partner on an admin route)', slugs: ['forbidden'] },
  404: { name: 'NotFound', description: 'No such resource, or one the caller may not see', slugs: ['not-found'] },
  409: { name: 'Conflict', description: 'A concurrent change got there first; re-read and retry', slugs: ['conflict'] },
  412: {
    name: 'PreconditionFailed',
    description: '`If-Match` is not the current version; `currentVersion` says which is',
    slugs: ['precondition-failed'],
  },
  413: { name: 'BodyTooLarge', description: "The body (after decompression) exceeds the route's limit", slugs: ['body-too-large'] },
  415: {
    name: 'UnsupportedMediaType',
    description: 'Send `application/json`, optionally `Content-Encoding: gzip`',
    slugs: ['unsupported-media-type'],
  },
  422: {
    name: 'ValidationFailed',
    description:
      'Well-formed but invalid, or beyond a documented limit (`errors[]` lists every finding); or no configuration fits (`cheapestTotal`)',
    slugs: ['validation-failed', 'limit-exceeded', 'no-configuration'],
  },
  429: {
    name: 'TooManyRequests',
    description:
      "Over the partner's usage plan (request rate or daily quota): `/problems/rate-limited` locally, API Gateway's own types in AWS",
    slugs: ['rate-limited', 'too-many-requests', 'quota-exceeded'],
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying (when known)', schema: { type: 'integer', minimum: 1 } } },
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The database did not answer in time; retry after `Retry-After` seconds',
    slugs: ['service-unavailable'],
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } },
  },
};

function problemComponent(status: ProblemStatus): JsonSchema {
  const { description, slugs, headers } = PROBLEM_RESPONSES[status];
  const first = PROBLEM_TYPES[slugs[0]!];
  return {
    description: `${description}. Problem types: ${slugs.map((s) => `\`/problems/${s}\``).join(', ')}`,
    ...(headers ? { headers } : {}),
    content: {
      'application/problem+json': {
        schema: { $ref: SCHEMA_REF('Problem') },
        example: {
          type: `/problems/${slugs[0]}`,
          title: first?.title ?? description,
          status,
          detail: description,
          requestId: '6f1c2d3e-…',
        },
      },
    },
  };
}

/** Who may call: each a security scheme. */
const SECURITY_SCHEMES = {
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'Admins: `Authorization: Bearer <admin token>` (printed by `npm start`; chosen at deploy time in AWS)',
  },
  customerJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Web customers: `Authorization: Bearer <JWT>` (Cognito in AWS; locally issued by `POST /dev/login`)',
  },
  partnerKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'Partners (resellers): `x-api-key: <key>`; the key names the tenant',
  },
} as const;
const ALL_CALLERS = [{ adminToken: [] }, { customerJwt: [] }, { partnerKey: [] }];

function securityOf(route: RouteDefinition, contract: RouteSpec): unknown[] {
  if (route.auth === 'none') return [];
  if (contract.tag === 'admin' || contract.tag === 'partners') return [{ adminToken: [] }];
  if (route.method === 'POST' && route.path === '/customers') return [{ adminToken: [] }, { partnerKey: [] }];
  return ALL_CALLERS;
}

function operationOf(route: RouteDefinition): JsonSchema {
  const contract = contractOf(route.method, route.path);
  const parameters = [
    ...parametersOf(contract.path, 'path'),
    ...parametersOf(contract.query, 'query'),
    ...(contract.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: schemaOf(h.schema, 'input'),
    })),
  ];
  const declaredPath = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const described = parameters.filter((p) => p.in === 'path').map((p) => p.name);
  if (declaredPath.join() !== described.join())
    throw new Error(`openapi: ${route.method} ${route.path} declares path parameters ${described.join()} in contract.ts`);
  if (contract.body && route.maxBodyBytes === 0) throw new Error(`openapi: ${route.method} ${route.path} takes no body in the route table`);

  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(contract.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
            ),
          }
        : {}),
      ...(response.schema ? { content: { 'application/json': { schema: schemaOf(response.schema, 'output') } } } : {}),
    };
  }
  for (const status of [...new Set(contract.problems)].sort((a, b) => a - b))
    responses[String(status)] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };

  const limit = route.maxBodyBytes >= 1024 * 1024 ? `${route.maxBodyBytes / (1024 * 1024)} MB` : `${route.maxBodyBytes / 1024} KB`;
  return {
    operationId: contract.operationId,
    summary: route.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: [contract.tag],
    security: securityOf(route, contract),
    ...(parameters.length ? { parameters } : {}),
    ...(contract.body
      ? {
          requestBody: {
            required: !contract.body.optional,
            description: `${contract.body.description}. At most ${limit}${contract.body.gzip ? ' decompressed' : ''}.`,
            content: { 'application/json': { schema: schemaOf(contract.body.schema, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

const TAGS = [
  { name: 'health', description: 'Liveness and this document (no credentials)' },
  { name: 'products', description: 'Published catalogs and the configuration engine' },
  { name: 'customers', description: 'Customers and what the product remembers of them' },
  { name: 'orders', description: 'Orders and the pre-assembled repeat order' },
  { name: 'companies', description: 'Companies buying as one: contacts, spending limits, standard configurations' },
  { name: 'quotes', description: 'Quotes with locked prices, accepted within a limit or approved' },
  { name: 'admin', description: 'Publishing catalogs, merging customer records (admins)' },
  { name: 'partners', description: 'Partners, their price lists, usage plans and API keys (admins)' },
];

/** The servers listed when the caller does not say which server serves the document. */
const DEFAULT_SERVERS = [
  { url: 'http://localhost:3000', description: 'Local (`npm start`)' },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com/prod',
    description: 'Deployed (the `ApiUrl` output of the ConfiguratorStateless stack)',
    variables: {
      apiId: { default: 'abcdef1234', description: 'The REST API id' },
      region: { default: 'eu-west-1', description: 'The AWS region' },
    },
  },
];

/** What {@link buildOpenApiDocument} needs to know about where it is served. */
export interface OpenApiDocumentOptions {
  /**
   * The base URL of the server answering this document (see `serverUrlOf` in request.ts), e.g.
   * `https://abcdef1234.execute-api.eu-west-1.amazonaws.com/prod`: then `servers` names that
   * server alone, so a client generated or pointed from the document calls the API it came
   * from. Without it, `servers` lists the local default and the deployed URL pattern.
   */
  serverUrl?: string;
}

/**
 * The OpenAPI 3.1 document of every deployed route (local-only routes such as `/dev/login` excluded).
 * `options.serverUrl` names the server that serves it (see `serverUrlOf` in request.ts).
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions = {}): Record<string, unknown> {
  const routes = ROUTES.filter((r) => !r.localOnly);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operationOf(route);
  }
  const unused = Object.keys(CONTRACT).filter((key) => !routes.some((r) => `${r.method} ${r.path}` === key));
  if (unused.length) throw new Error(`openapi: contract.ts describes routes the route table does not have: ${unused.join(', ')}`);

  const requestSchemas = componentSchemas(REQUEST_COMPONENTS, 'input');
  const responseSchemas = componentSchemas(RESPONSE_COMPONENTS, 'output');
  for (const name of Object.keys(requestSchemas))
    if (name in responseSchemas) throw new Error(`openapi: component ${name} is both a request and a response schema`);
  const usedStatuses = [...new Set(routes.flatMap((r) => contractOf(r.method, r.path).problems))].sort((a, b) => a - b);

  return {
    openapi: '3.1.0',
    info: {
      title: 'Order configurator API',
      version: '0.1.0',
      summary: 'Catalogs, a configuration engine that never leads to a dead end, customer memory, repeat orders and orders',
      description: [
        'JSON over HTTPS. Money is integer minor units; a choice is named `"group.choice"`.',
        'Errors are RFC 9457 `application/problem+json` with a stable `type`.',
        'Request bodies are strict: an unknown member anywhere is refused. Responses may gain members: ignore those you do not know.',
      ].join('\n\n'),
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: options.serverUrl ? [{ url: options.serverUrl, description: 'The server that served this document' }] : DEFAULT_SERVERS,
    security: ALL_CALLERS,
    tags: TAGS,
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: { ...requestSchemas, ...responseSchemas },
      responses: Object.fromEntries(usedStatuses.map((status) => [PROBLEM_RESPONSES[status].name, problemComponent(status)])),
    },
  };
}
