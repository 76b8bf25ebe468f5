/**
 * Hostile HTTP requests, generated with fast-check from the route table (every route and
 * method, plus unknown paths and wrong methods): unknown keys at any depth, `__proto__` /
 * `constructor` keys, huge strings and arrays, deep nesting, wrong types, emoji and lone
 * surrogates, invalid UTF-8, client-set price/status/tenant/tier/customerId fields, bad path
 * params and query strings, bad/missing/foreign credentials, wrong content types, gzip garbage.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { ROUTES, type RouteDefinition } from '#http/routes';
import { FULL_LAPTOP_PICKS } from './bench-stack.ts';

/** Who sends the request; the runner turns each into headers. */
export type Credential =
  | 'admin'
  | 'partner'
  | 'foreign-partner'
  | 'customer'
  | 'house-customer'
  | 'expired-customer'
  | 'garbage-bearer'
  | 'garbage-key'
  | 'alg-none-jwt'
  | 'admin-and-key'
  | 'none';

/** What the generator needs to know about the running stack (ids that exist). */
export interface FuzzWorld {
  customerIds: string[];
  foreignCustomerId: string;
  houseCustomerId: string;
  orderId: string;
  companyId: string;
  quoteId: string;
  demoCatalog: unknown;
}

export interface FuzzRequest {
  method: string;
  /** Raw request target (path + query), already percent-encoded where needed. */
  target: string;
  credential: Credential;
  headers: Record<string, string>;
  body?: Buffer;
  /** What was generated, for the report. */
  label: string;
  route?: string;
}

const CLIENT_SET_KEYS = [
  'price',
  'status',
  'tenantId',
  'tenant',
  'tier',
  'customerId',
  'orderId',
  'partnerId',
  'owner',
  'total',
  'version',
  'createdAt',
  'isAdmin',
  'role',
  'callerKind',
  'lifetimeValue',
  'orderCount',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

const HUGE = 100 * 1024;
const hugeString = fc.integer({ min: 0, max: 4 }).map((k) => 'x'.repeat(HUGE + k * 1024));
const emoji = fc.constantFrom('😀', '👩‍👩‍👧‍👦', '🇫🇷', '\u{1F4A9}'.repeat(500), 'ｃｐｕ.ｉ７', 'cpu.i7\u0000', '\u202Ecpu.i7', 'İ', 'ß');
const loneSurrogates = fc.constantFrom('\uD800', '\uDFFF', 'a\uD83Db', '\uDC00\uD800', 'cpu.\uD800');
function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** A value of the wrong type, size or content, to put anywhere in a body. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 50_000 }).map((n) => Array.from({ length: n }, (_, i) => (i % 2 ? 'cpu.i7' : 1))), weight: 1 },
  { arbitrary: fc.constantFrom(100, 1000).map((d) => nested(d, 'array')), weight: 1 },
  { arbitrary: fc.constantFrom(100, 1000).map((d) => nested(d, 'object')), weight: 1 },
  { arbitrary: emoji, weight: 2 },
  { arbitrary: loneSurrogates, weight: 2 },
  {
    arbitrary: fc.constantFrom(null, true, false, 0, -1, -0, 0.5, 1e308, -1e308, 2 ** 53 + 1, '', ' ', '1', 'null', 'NaN', [], {}),
    weight: 3,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
);

/** Sets an own property, even `__proto__` (plain assignment would change the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation =
  | { kind: 'add-key'; key: string; value: unknown; at: number }
  | { kind: 'replace'; value: unknown; at: number }
  | { kind: 'delete'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('add-key' as const),
    key: fc.oneof(fc.constantFrom(...CLIENT_SET_KEYS), fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 })),
    value: hostileValue,
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant('replace' as const), value: hostileValue, at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

/** Every container (object or array) in a JSON tree, depth first. */
function containers(value: unknown, out: (Record<string, unknown> | unknown[])[] = [], depth = 0): (Record<string, unknown> | unknown[])[] {
  if (depth > 50 || value === null || typeof value !== 'object') return out;
  out.push(value as Record<string, unknown>);
  for (const child of Array.isArray(value) ? value : Object.values(value)) containers(child, out, depth + 1);
  return out;
}

function applyMutation(root: unknown, m: Mutation): unknown {
  const all = containers(root);
  if (all.length === 0) return m.kind === 'delete' ? undefined : m.kind === 'replace' ? m.value : root;
  const target = all[m.at % all.length]!;
  if (m.kind === 'add-key') {
    if (Array.isArray(target)) target.push(m.value);
    else setOwn(target, m.key, m.value);
    return root;
  }
  const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
  if (keys.length === 0) return root;
  const key = keys[m.at % keys.length]!;
  if (m.kind === 'replace') {
    if (Array.isArray(target)) target[key as number] = m.value;
    else setOwn(target, String(key), m.value);
  } else if (Array.isArray(target)) target.splice(key as number, 1);
  else delete target[String(key)];
  return root;
}

/** A valid body of each route, the starting point the mutations spoil. */
function templateBody(route: RouteDefinition | undefined, world: FuzzWorld, pick: number): unknown {
  const customerId = world.customerIds[pick % world.customerIds.length]!;
  switch (route ? `${route.method} ${route.path}` : '') {
    case 'POST /products/{productId}/configure':
      return { picks: ['cpu.i7', 'memory.32gb'], customerId, budget: 250000, needs: { use: 'office' } };
    case 'POST /products/{productId}/complete':
      return { picks: ['cpu.i7'], goal: (['cheapest', 'needs', 'popular'] as const)[pick % 3], customerId, needs: { use: 'video' } };
    case 'PUT /admin/products/{productId}':
      return structuredClone(world.demoCatalog);
    case 'POST /admin/partners':
      return { name: 'Fuzz Reseller' };
    case 'PATCH /admin/partners/{partnerId}':
      return { name: 'Renamed' };
    case 'POST /admin/partners/{partnerId}/keys':
      return { validForDays: 30 };
    case 'POST /admin/customers/{customerId}/merge':
      return { duplicateId: world.customerIds[(pick + 1) % world.customerIds.length] };
    case 'POST /customers':
      return { name: 'Fuzzy', email: 'fuzzy@example.com', preferences: { packaging: 'gift' } };
    case 'PATCH /customers/{customerId}/preferences':
      return { packaging: 'eco', delivery: 'express' };
    case 'PUT /customers/{customerId}/configurations/{productId}':
      return { picks: ['cpu.i7'] };
    case 'POST /orders':
      // Every other body is a gift, so mutations reach the recipient's fields too.
      return pick % 2
        ? {
            customerId,
            productId: 'laptop-x1',
            picks: [...FULL_LAPTOP_PICKS],
            gift: { recipient: { name: 'Fuzzy Friend', addressLines: ['1 Fuzz Way'], city: 'Berlin', country: 'DE' }, message: 'Hi' },
          }
        : { customerId, productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS] };
    case 'POST /orders/{orderId}/status':
      return { status: 'confirmed' };
    case 'POST /companies':
      return { name: 'Fuzz Company' };
    case 'POST /companies/{companyId}/contacts':
      return { customerId, role: 'buyer', spendingLimit: 1_000 };
    case 'PUT /companies/{companyId}/standards/{name}':
      return { productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS] };
    case 'POST /quotes':
      return { customerId, lines: [{ productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS], quantity: 3 }], shipTo: { country: 'FR' } };
    case 'POST /quotes/{quoteId}/accept':
    case 'POST /quotes/{quoteId}/approve':
    case 'POST /quotes/{quoteId}/reject':
      return { customerId };
    case 'PUT /admin/tenants/{tenantId}/tiers':
      return {
        thresholds: { topPercentA: 10, bottomPercentC: 20 },
        perks: {
          A: { label: 'Gold', includedServices: ['delivery.express'], leadDaysLess: 1, questionEveryDays: 1 },
          B: { label: 'Silver', includedServices: [], leadDaysLess: 0, questionEveryDays: 7 },
          C: { label: 'Bronze', includedServices: [], leadDaysLess: 0, questionEveryDays: 30 },
        },
      };
    case 'PUT /admin/tenants/{tenantId}/recommendations':
      return { minCustomers: 3 };
    case 'PUT /admin/partners/{partnerId}/webhook':
      return { url: 'http://127.0.0.1:9/fuzz', events: ['order.created', 'order.status_changed'] };
    case 'PUT /admin/tenants/{tenantId}/seller':
      return {
        name: 'Fuzzy GmbH',
        address: { street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
        vatId: 'DE123456789',
        email: 'fuzzy@example.com',
        paymentTermsDays: 14,
        paymentTerms: '14 days net',
        vatRate: 19,
      };
    default:
      return {};
  }
}

const hostileSegment = fc.oneof(
  fc.constantFrom(
    '',
    '%00',
    '..',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%ZZ',
    '%',
    '__proto__',
    'constructor',
    '%F0%9F%98%80',
    '%ED%A0%80',
    '%C0%AF',
    "x'%20OR%201=1",
    '$where',
    'null',
    '-1',
    'o_00000000000000000000000000',
    'k_00000000000000000000000000',
    'TENANT%23house',
    'IDEMPOTENCY%23x',
  ),
  fc.integer({ min: 1_000, max: 9_000 }).map((n) => 'a'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 30 }).map(safeEncode),
);

function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, 'x'));
  }
}

function validSegment(name: string, world: FuzzWorld, pick: number): string {
  switch (name) {
    case 'productId':
      return pick % 4 === 0 ? 'no-such-product' : 'laptop-x1';
    case 'customerId':
      return [...world.customerIds, world.foreignCustomerId, world.houseCustomerId][pick % (world.customerIds.length + 2)]!;
    case 'orderId':
      return world.orderId;
    case 'partnerId':
      return pick % 3 === 0 ? 'no-such-partner' : 'demo-partner';
    case 'tenantId':
      return ['no-such-tenant', 'house', 'demo-partner'][pick % 3]!;
    case 'companyId':
      return pick % 3 === 0 ? 'co_00000000000000000000000000' : world.companyId;
    case 'quoteId':
      return pick % 3 === 0 ? 'q_00000000000000000000000000' : world.quoteId;
    case 'name':
      return 'developer';
    default:
      return 'k_01ARZ3NDEKTSV4RRFFQ69G5FAV';
  }
}

const queryArb = fc.oneof(
  { arbitrary: fc.constant(''), weight: 4 },
  {
    arbitrary: fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('version', 'limit', 'cursor', '__proto__', 'constructor', 'customerId', 'tenantId'),
            fc.string({ maxLength: 8 }),
          ),
          fc.oneof(
            fc.constantFrom('-1', '0', '1', '1e309', 'abc', '9'.repeat(400), '', '1.5', '0x10', ' 1', '%00', 'null'),
            fc.string({ unit: 'binary', maxLength: 20 }),
          ),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((pairs) => `?${pairs.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&')}`),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(
      '?version=1&version=2',
      '?=',
      '?&&&',
      `?limit=${'1'.repeat(5000)}`,
      '?%ZZ=1',
      '?cursor=%ED%A0%80',
      '?tenantId=house',
      '?tenantId=demo-partner&limit=5',
      '?tenantId=house&tenantId=demo-partner',
    ),
    weight: 1,
  },
);

const credentialArb: fc.Arbitrary<Credential> = fc.constantFrom(
  'admin',
  'admin',
  'partner',
  'partner',
  'partner',
  'foreign-partner',
  'customer',
  'house-customer',
  'expired-customer',
  'garbage-bearer',
  'garbage-key',
  'alg-none-jwt',
  'admin-and-key',
  'none',
);

const contentTypeArb = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/merge-patch+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json, text/plain',
      '',
      'application/json; charset=latin1',
    ),
    weight: 2,
  },
);

type BodyKind =
  | { kind: 'template'; mutations: Mutation[] }
  | { kind: 'none' }
  | { kind: 'raw'; bytes: Uint8Array }
  | { kind: 'invalid-utf8' }
  | { kind: 'truncated'; cut: number }
  | { kind: 'deep-raw'; depth: number }
  | { kind: 'gzip-garbage'; bytes: Uint8Array }
  | { kind: 'gzip-template'; mutations: Mutation[] }
  | { kind: 'scalar'; text: string };

const bodyKindArb: fc.Arbitrary<BodyKind> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('template' as const), mutations: fc.array(mutation, { maxLength: 3 }) }), weight: 10 },
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('raw' as const), bytes: fc.uint8Array({ maxLength: 64 }) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'invalid-utf8' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('truncated' as const), cut: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('deep-raw' as const), depth: fc.constantFrom(1_000, 10_000, 100_000) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('gzip-garbage' as const), bytes: fc.uint8Array({ maxLength: 64 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('gzip-template' as const), mutations: fc.array(mutation, { maxLength: 2 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('scalar' as const),
      text: fc.constantFrom(
        'null',
        '[]',
        '""',
        '1e999',
        'true',
        '{}',
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
        '{"a":1,"a":2}',
        '\uFEFF{}',
      ),
    }),
    weight: 1,
  },
);

function bodyBytes(kind: BodyKind, template: unknown): { bytes?: Buffer; gzip: boolean; label: string } {
  switch (kind.kind) {
    case 'none':
      return { gzip: false, label: 'no body' };
    case 'template':
    case 'gzip-template': {
      let value = structuredClone(template);
      for (const m of kind.mutations) value = applyMutation(value, m);
      const json = JSON.stringify(value) ?? '';
      const label = kind.mutations.length
        ? kind.mutations.map((m) => (m.kind === 'add-key' ? `add ${JSON.stringify(m.key)}` : m.kind)).join('+')
        : 'valid template';
      return kind.kind === 'gzip-template'
        ? { bytes: gzipSync(json), gzip: true, label: `gzip(${label})` }
        : { bytes: Buffer.from(json, 'utf8'), gzip: false, label };
    }
    case 'raw':
      return { bytes: Buffer.from(kind.bytes), gzip: false, label: 'random bytes' };
    case 'invalid-utf8':
      return {
        bytes: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
        gzip: false,
        label: 'invalid UTF-8',
      };
    case 'truncated': {
      const json = JSON.stringify(template) ?? '{}';
      return { bytes: Buffer.from(json.slice(0, kind.cut % Math.max(1, json.length))), gzip: false, label: 'truncated JSON' };
    }
    case 'deep-raw':
      return { bytes: Buffer.from('['.repeat(kind.depth) + ']'.repeat(kind.depth)), gzip: false, label: `nesting ${kind.depth}` };
    case 'gzip-garbage':
      return { bytes: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from(kind.bytes)]), gzip: true, label: 'gzip garbage' };
    case 'scalar':
      return { bytes: Buffer.from(kind.text, 'utf8'), gzip: false, label: `body ${kind.text.slice(0, 30)}` };
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The arbitrary of hostile requests against this world. */
export function hostileRequest(world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const routeArb = fc.oneof({ arbitrary: fc.constantFrom(...ROUTES), weight: 12 }, { arbitrary: fc.constant(undefined), weight: 1 });
  return fc
    .record({
      route: routeArb,
      unknownPath: fc.constantFrom(
        '/',
        '/admin',
        '/orders/',
        '//orders',
        '/products/laptop-x1/configure/extra',
        '/.env',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/dev/login/x',
        '/PRODUCTS',
      ),
      wrongMethod: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      otherMethod: fc.constantFrom(...METHODS),
      segments: fc.array(fc.tuple(fc.boolean(), fc.nat(), hostileSegment), { minLength: 3, maxLength: 3 }),
      query: queryArb,
      credential: credentialArb,
      contentType: contentTypeArb,
      encoding: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 10 },
        { arbitrary: fc.constantFrom('br', 'deflate', 'gzip, gzip', 'identity', 'x-unknown'), weight: 1 },
      ),
      idempotencyKey: fc.oneof(
        { arbitrary: fc.uuid(), weight: 6 },
        { arbitrary: fc.constantFrom(undefined, '', 'short', 'a'.repeat(200), 'key with spaces', '../../x', '__proto__-0000'), weight: 2 },
      ),
      ifMatch: fc.option(fc.constantFrom('"1"', '"0"', '*', 'W/"1"', 'yesterday', `"${'9'.repeat(40)}"`), { nil: undefined }),
      customerPresent: fc.option(fc.constantFrom('true', 'false', 'TRUE', 'yes', '', '1'), { nil: undefined }),
      body: bodyKindArb,
      pick: fc.nat(),
    })
    .map((g) => {
      const route = g.route;
      let path: string;
      if (!route) path = g.unknownPath;
      else {
        let i = 0;
        path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const [hostile, n, segment] = g.segments[i++ % 3]!;
          return hostile ? segment : encodeURIComponent(validSegment(name, world, g.pick + n));
        });
      }
      const method = route && !g.wrongMethod ? route.method : g.otherMethod;
      const body = bodyBytes(g.body, templateBody(route, world, g.pick));
      const headers: Record<string, string> = {};
      if (body.bytes) headers['content-type'] = g.contentType;
      if (body.gzip) headers['content-encoding'] = 'gzip';
      else if (g.encoding && body.bytes) headers['content-encoding'] = g.encoding;
      if ((route?.path === '/orders' || route?.path.startsWith('/quotes/')) && g.idempotencyKey !== undefined)
        headers['idempotency-key'] = g.idempotencyKey;
      if (g.ifMatch) headers['if-match'] = g.ifMatch;
      if (g.customerPresent !== undefined) headers['x-customer-present'] = g.customerPresent;
      return {
        method,
        target: path + g.query,
        credential: g.credential,
        headers,
        ...(body.bytes ? { body: body.bytes } : {}),
        label: `${g.credential}; ${body.label}${headers['content-type'] && headers['content-type'] !== 'application/json' ? `; content-type ${JSON.stringify(headers['content-type'])}` : ''}${headers['content-encoding'] ? `; encoding ${headers['content-encoding']}` : ''}`,
        ...(route ? { route: `${route.method} ${route.path}` } : {}),
      };
    });
}
