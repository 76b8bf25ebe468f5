/**
 * How a route of the HTTP API is declared, once: method and path, the Lambda function that
 * serves it, who may call it, its body limit, and the zod schemas of what it accepts (path,
 * query, headers, body) and answers (statuses and problems). From these one declaration:
 * - `createFunctionHandler` (handler.ts) parses every request part and hands the route a typed
 *   input, with `caller` narrowed by `auth`;
 * - the CDK stack and the local server build their routing (routes.ts);
 * - `openapi.ts` generates the OpenAPI document.
 * Also here: the schemas several areas of the API share (ids, cursors, money, problems).
 */
import * as z from 'zod';
import { ChoiceRefSchema } from '#core/catalog-document';

/** A Lambda function, one per resource group; its handler is `functions/<id>.ts`. */
export type FunctionId =
  | 'health'
  | 'catalog'
  | 'admin'
  | 'customers'
  | 'orders'
  | 'partners'
  | 'webhooks'
  | 'companies'
  | 'quotes'
  | 'documents';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: `none` anyone (only `/health` and `/openapi.json`); `caller` an admin token, a
 * partner API key or a customer JWT, resolved by the authorizer before the handler runs (the
 * use case then decides what this caller may do with the object it names); `admin` an admin
 * only (others get 403).
 */
export type RouteAuth = 'none' | 'caller' | 'admin';

/** Problem statuses a route can answer, each documented once in `components.responses`. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

/** A request header a route reads: parsed with `schema` and handed to the route under `key`. */
export interface HeaderContract {
  /** The header's name as documented (matched case-insensitively). */
  name: string;
  /** The property of the route's `headers` input. */
  key: string;
  required: boolean;
  schema: z.ZodType;
  description: string;
  /** What a missing required header answers (400): the problem's detail and the finding's message. */
  missing?: { detail: string; message: string };
  /** What a malformed value answers (400): the problem's detail, the finding's code and message. */
  invalid?: { detail: string; code: string; message: string };
}

export interface SuccessResponse {
  description: string;
  /** The JSON body; absent for an empty answer (204). */
  schema?: z.ZodType;
  /** Response headers worth documenting, name -> description. */
  headers?: Record<string, string>;
}

export interface BodyContract {
  schema: z.ZodType;
  description: string;
  /** Large bodies may come `Content-Encoding: gzip` (the limit applies decompressed). */
  gzip?: boolean;
  /** The route also accepts no body at all (then the schema parses `{}`). */
  optional?: boolean;
  /**
   * The use case validates the body itself, with every finding (a catalog document): the route
   * gets the decoded JSON unparsed; the schema only documents it.
   */
  validatedByUseCase?: boolean;
}

/** One route, declared once. */
export interface RouteSpec {
  function: FunctionId;
  auth: RouteAuth;
  summary: string;
  /** Stable: generated clients name their methods after it. */
  operationId: string;
  tag: 'health' | 'products' | 'admin' | 'partners' | 'customers' | 'orders' | 'companies' | 'quotes';
  description?: string;
  /** Largest request body accepted, in bytes, after decompression (default: none without a body, 64 KB with one). */
  maxBodyBytes?: number;
  /** Served by the local server only (e.g. `/dev/login`); never deployed. */
  localOnly?: boolean;
  path?: z.ZodObject;
  query?: z.ZodObject;
  headers?: readonly HeaderContract[];
  body?: BodyContract;
  responses: Record<number, SuccessResponse>;
  problems: readonly ProblemStatus[];
}

/** Declares a request header a route reads; keeps its literal key and schema types. */
export function headerContract<const H extends HeaderContract>(contract: H): H {
  return contract;
}

/** Declares a route; keeps the literal types so handlers get typed inputs. */
export function route<const S extends RouteSpec>(spec: S): S {
  return spec;
}

const KB = 1024;
const MB = 1024 * KB;

/** Bodies of ordinary requests; a catalog document is the only large body. */
export const DEFAULT_MAX_BODY_BYTES = 64 * KB;
/**
 * A catalog document may be large (Renault "big" is about 7 MB of JSON). Lambda accepts at
 * most 6 MB per request, so large documents are sent gzip-compressed (`Content-Encoding:
 * gzip`) and this limit applies to the decompressed JSON.
 */
export const CATALOG_MAX_BODY_BYTES = 16 * MB;

/** Problems every route with a caller can answer: bad path/query, credentials, throttling, the database. */
export const CALLER_PROBLEMS = [400, 401, 429, 503] as const satisfies ProblemStatus[];
/** Routes that take a JSON body. */
export const BODY_PROBLEMS = [413, 415, 422] as const satisfies ProblemStatus[];

// ---------------------------------------------------------------------------------------------
// Schemas shared by several areas
// ---------------------------------------------------------------------------------------------

export const TimestampSchema = z.iso.datetime();
export const DateSchema = z.iso.date();
const PathSegmentSchema = z.union([z.string(), z.number().int()]);

export const CursorSchema = z.string().max(512).describe('The `nextCursor` of the previous page; opaque');

/** One new key per attempt; a retry sends the same key. */
export const IdempotencyKeySchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/** The `Idempotency-Key` header of a route that creates something exactly once. */
export function idempotencyKeyHeader(what: string) {
  return headerContract({
    name: 'Idempotency-Key',
    key: 'idempotencyKey',
    required: true as const,
    schema: IdempotencyKeySchema,
    description: `One new key per ${what} attempt (e.g. a UUID); a retry with the same key and body answers the first result again, with \`Idempotent-Replayed: true\``,
    missing: {
      detail: `the Idempotency-Key header is required: one new key per ${what} attempt`,
      message: 'send a unique key, e.g. a UUID',
    },
  });
}

/**
 * `X-Customer-Present: true`: a partner's call made in front of the customer (at the counter, on
 * the phone), which counts as the customer's contact. Accepted on the routes a contact runs
 * through; a customer's own call always counts, an admin's never does.
 */
export const CUSTOMER_PRESENT_HEADER = headerContract({
  name: 'X-Customer-Present',
  key: 'customerPresent',
  required: false as const,
  schema: z.enum(['true', 'false']).transform((value) => value === 'true'),
  description:
    "`true` on a partner's call made in front of the customer: it counts as the customer's contact (the drip questions move on, the last touchpoint moves). A customer's own calls always count; an admin's never do",
  invalid: {
    detail: 'X-Customer-Present must be true or false',
    code: 'invalid_customer_present',
    message: '`true` when the customer is present, else leave it out',
  },
});

/** One precise finding about the input (also the warnings of a publication). */
export const FindingSchema = z.strictObject({
  path: z.array(PathSegmentSchema),
  code: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']).optional(),
});

/** RFC 9457 problem details, as `shared/http/problem.ts` sends them. Open: new members may appear. */
export const ProblemSchema = z.object({
  type: z.string().describe('A stable URI reference, e.g. `/problems/validation-failed`'),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z
    .array(
      z.object({
        pointer: z.string().describe('RFC 6901 JSON pointer into the request body ("" is the whole body)'),
        path: z.array(PathSegmentSchema),
        code: z.string(),
        message: z.string(),
        severity: z.enum(['error', 'warning']).optional(),
      }),
    )
    .optional()
    .describe('Bad input: every failing field'),
  currentVersion: z.number().int().optional().describe('412: the version to send in If-Match after re-reading'),
  allowed: z.array(z.string()).optional().describe('405: the methods this path accepts'),
  cheapestTotal: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('`no-configuration`: the lowest total possible without the budget, minor units (null: nothing fits even so)'),
  budget: z.number().int().nullable().optional().describe('`no-configuration`: the budget asked for (null: none)'),
  expectedTotal: z.number().int().optional().describe('409 price-changed: the total the request expected'),
  currentTotal: z.number().int().optional().describe('409 price-changed: the total now'),
  changedLines: z
    .array(
      z.object({
        lineId: z.string(),
        productId: z.string(),
        quantity: z.number().int(),
        unitPrice: z.number().int(),
        lineTotal: z.number().int(),
      }),
    )
    .optional()
    .describe('409 price-changed: the lines as priced now'),
  expiresAt: z.string().optional().describe('409 quote-expired: when the quote stopped holding'),
});

export const PriceBreakdownSchema = z.strictObject({
  currency: z.string(),
  total: z.number().int(),
  lines: z.array(
    z.strictObject({
      ref: z.string().describe('`base` or "group.choice"'),
      label: z.string(),
      listAmount: z.number().int(),
      amount: z.number().int(),
      priceList: z.string().optional(),
    }),
  ),
});
export const PromisedDatesSchema = z.strictObject({
  leadDays: z.number().int(),
  transitDays: z.number().int(),
  shipBy: DateSchema,
  deliverBy: DateSchema,
});
export const BuildSheetSchema = z.array(z.strictObject({ sku: z.string(), qty: z.number().int().min(1) }));

export const ReasonSchema = z.strictObject({ rule: z.string(), picks: z.array(ChoiceRefSchema), message: z.string() });

export const ChannelSchema = z.enum(['web', 'partner', 'admin']);
