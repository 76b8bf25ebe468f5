/**
 * The OpenAPI document generated from the route table and the zod contract: valid OpenAPI 3.1
 * for Redocly CLI (the repository's `redocly.yaml`, the `recommended` rules), one operation per
 * deployed route, a problem response on every operation, closed request bodies.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT } from '../../../shared/http/contract.ts';
import { buildOpenApiDocument } from '../../../shared/http/openapi.ts';
import { ROUTES } from '../../../shared/http/routes.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Record<string, any>;

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

let document: Json;

beforeAll(() => {
  document = buildOpenApiDocument() as Json;
});

/** Every operation as `"<METHOD> <path>"`, with the operation. */
function operations(doc: Json): [string, Json][] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation as Json] as [string, Json]),
  );
}

/** Follows a local `$ref` ("#/components/…"). */
function deref(doc: Json, value: Json): Json {
  if (typeof value.$ref !== 'string') return value;
  const target = (value.$ref as string)
    .replace(/^#\//, '')
    .split('/')
    .reduce<any>((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
  if (!target) throw new Error(`unresolved ${value.$ref}`);
  return deref(doc, target);
}

/**
 * Walks a JSON Schema (following `$ref`s into the components) and returns the location of every
 * object schema that would accept an unknown key: neither `additionalProperties: false` nor a
 * map whose keys are constrained by `propertyNames`.
 */
function openObjects(doc: Json, schema: Json, where: string, seen = new Set<Json>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const node = deref(doc, schema);
  if (node !== schema) return openObjects(doc, node, `${where} -> ${schema.$ref}`, seen);
  const found: string[] = [];
  const isObject = node.type === 'object' || node.properties !== undefined;
  if (isObject) {
    const closed = node.additionalProperties === false;
    const map = typeof node.additionalProperties === 'object' && node.propertyNames !== undefined;
    if (!closed && !map) found.push(where);
  }
  for (const [key, value] of Object.entries(node.properties ?? {})) found.push(...openObjects(doc, value as Json, `${where}.${key}`, seen));
  if (typeof node.additionalProperties === 'object') found.push(...openObjects(doc, node.additionalProperties, `${where}{*}`, seen));
  for (const keyword of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    for (const [index, branch] of ((node[keyword] ?? []) as Json[]).entries())
      found.push(...openObjects(doc, branch, `${where}/${keyword}[${index}]`, seen));
  }
  if (node.items && typeof node.items === 'object') found.push(...openObjects(doc, node.items, `${where}[]`, seen));
  return found;
}

describe('the OpenAPI document', () => {
  describe('Redocly CLI lint (redocly.yaml: recommended)', () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'openapi-'));
    });
    afterAll(async () => {
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('finds no errors', async () => {
      // Prepare
      const file = join(folder, 'openapi.json');
      await writeFile(file, JSON.stringify(document, null, 2));
      // Act: the CLI exits 1 on errors, so the report is read from stdout either way.
      const cli = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
      const { stdout } = await run(process.execPath, [cli, 'lint', '--format=json', `--config=${join(ROOT, 'redocly.yaml')}`, file], {
        cwd: folder,
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string }) => {
        if (!error.stdout) throw new Error(`redocly did not report: ${error.stderr ?? String(error)}`);
        return { stdout: error.stdout };
      });
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: RedoclyProblem[] };
      // Assess
      const describe = (p: RedoclyProblem) => `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`;
      const warnings = report.problems.filter((p) => p.severity !== 'error');
      console.info(
        `redocly lint: ${report.totals.errors} error(s), ${report.totals.warnings} warning(s)${warnings.length ? `\n${warnings.map(describe).join('\n')}` : ''}`,
      );
      expect(report.problems.filter((p) => p.severity === 'error').map(describe)).toEqual([]);
      expect(report.totals.errors).toBe(0);
    }, 60_000);
  });

  it('is OpenAPI 3.1.0 with the three security schemes and both servers', () => {
    // Assess
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['adminToken', 'customerJwt', 'partnerKey']);
    expect(document.components.securitySchemes.partnerKey).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    );
    expect(document.servers.map((s: Json) => s.url)).toContain('http://localhost:3000');
    expect(document.servers).toHaveLength(2);
  });

  it('has every deployed route exactly once, with its method, and no other operation', () => {
    // Prepare
    const deployed = ROUTES.filter((r) => !r.localOnly).map((r) => `${r.method} ${r.path}`);
    // Act
    const documented = operations(document).map(([key]) => key);
    // Assess
    expect(documented.sort()).toEqual([...deployed].sort());
    expect(new Set(documented).size).toBe(documented.length);
    for (const route of ROUTES.filter((r) => r.localOnly))
      expect(document.paths[route.path]?.[route.method.toLowerCase()], route.path).toBeUndefined();
    expect(Object.keys(CONTRACT).sort()).toEqual([...deployed].sort());
  });

  it('gives every operation a unique, readable operationId', () => {
    // Act
    const ids = operations(document).map(([, op]) => op.operationId as string);
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(ids).toEqual(
      expect.arrayContaining(['placeOrder', 'getRepeatOrder', 'configureProduct', 'publishProduct', 'getOpenApiDocument']),
    );
  });

  it('leaves exactly the routes declared auth "none" public, and lists security schemes on every other', () => {
    // Prepare
    const publicRoutes = ROUTES.filter((r) => !r.localOnly && r.auth === 'none').map((r) => `${r.method} ${r.path}`);
    // Act
    const ops = operations(document);
    // Assess
    expect(publicRoutes.sort()).toEqual(['GET /health', 'GET /openapi.json']);
    for (const [key, op] of ops) {
      if (publicRoutes.includes(key)) expect(op.security, key).toEqual([]);
      else expect(op.security.length, key).toBeGreaterThan(0);
    }
  });

  it('gives every operation at least one 4xx response, each an RFC 9457 problem', () => {
    for (const [key, op] of operations(document)) {
      // Act
      const problems = Object.entries(op.responses as Record<string, Json>).filter(([status]) => /^4\d\d$/.test(status));
      // Assess
      expect(problems.length, key).toBeGreaterThan(0);
      for (const [status, response] of problems) {
        const content = deref(document, response).content;
        expect(Object.keys(content), `${key} ${status}`).toEqual(['application/problem+json']);
        expect(content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
    expect(document.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail']));
  });

  it('declares every path parameter of every path', () => {
    for (const [key, op] of operations(document)) {
      // Prepare
      const path = key.slice(key.indexOf(' ') + 1);
      const expected = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      // Act
      const declared = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'path').map((p) => p.name);
      // Assess
      expect(declared, key).toEqual(expected);
    }
  });

  it('closes every request body: unknown keys are refused at every depth', () => {
    // Prepare
    const bodies = operations(document).filter(([, op]) => op.requestBody);
    // Act
    const open = bodies.flatMap(([key, op]) => openObjects(document, op.requestBody.content['application/json'].schema, key));
    // Assess
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    expect(open).toEqual([]);
  });

  it('notices an open request body (the walk itself works)', () => {
    // Prepare
    const doc = { components: { schemas: { Inner: { type: 'object', properties: { a: { type: 'string' } } } } } };
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: { nested: { anyOf: [{ $ref: '#/components/schemas/Inner' }, { type: 'null' }] } },
    };
    // Act + Assess
    expect(openObjects(doc, schema, 'body')).toEqual(['body.nested/anyOf[0] -> #/components/schemas/Inner']);
  });
});
