/**
 * The compiled form as bytes, so a cold process loads what publishing compiled instead of
 * compiling again (docs/adr/0008-compiled-catalog-artifacts.md). Pure: no compression, no
 * checksum, no I/O; the catalog domain wraps these bytes in the artifact (format version,
 * document digest, checksum, compression).
 *
 * Layout, little-endian: a u32 manifest length, the manifest (UTF-8 JSON), padding to 8 bytes,
 * then the blobs, each 8-aligned. The manifest holds the document and the structure of the
 * compiled form; every typed array in it is a blob reference (an index into `blobs`, a list of
 * [kind, offset, length]). Decoding makes views on the bytes (no copy) and rebuilds the model
 * from the document with the tables' cells as decoded, which is cheap: the table rules' rows,
 * nearly all of a big document, are kept as JSON blobs and parsed only if something reads them.
 * Scratch arrays are allocated fresh.
 *
 * Any change to what `compileCatalog` produces, or to this layout, must bump
 * {@link COMPILED_FORMAT_VERSION}: older artifacts are then rebuilt from their documents.
 */
import type { CatalogDocument, Rule } from '#core/catalog-document';
import type { CompileStats, Cluster, CompiledCatalog, Component } from './compiled.ts';
import { DEFAULT_COMPILE_LIMITS } from './compile.ts';
import { CompiledFormatError } from './errors.ts';
import { buildModel, type TableConstraint } from './model.ts';

/** The version of the compiled form's byte layout; artifacts of another version are rebuilt. */
export const COMPILED_FORMAT_VERSION = 1;

type BlobKind = 'i32' | 'u32' | 'f64' | 'u8';
type Blob = Int32Array | Uint32Array | Float64Array | Uint8Array;
const BYTES: Record<BlobKind, number> = { i32: 4, u32: 4, f64: 8, u8: 1 };

interface ClusterManifest {
  groups: number;
  columns: number[];
  size: number;
  parent: number;
  children: number;
  sepUp: number;
  childSep: number[];
  home: number;
  homeColumn: number;
  /** Number of separator ids shared with the parent (the size of up/down), -1 at the root. */
  separators: number;
}

interface ComponentManifest {
  index: number;
  groups: number;
  catalogGroups: number;
  postOrder: number;
  constraints: number[];
  choices: number;
  clusters: ClusterManifest[];
}

interface Manifest {
  /** The document; each table rule's `allowed` is the blob holding its rows as JSON. */
  doc: CatalogDocument;
  /** Table constraints: [rule, scope, columnScope, rowCount, cells]. */
  tables: [number, number, number, number, number][];
  components: ComponentManifest[];
  componentOf: number;
  choiceIndex: number;
  /** Every choice's compatibility row, concatenated, and each row's length (-1: none). */
  compatible: { rows: number; lengths: number };
  stats: CompileStats;
  blobs: [BlobKind, number, number][];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes of a compiled catalog (pure, deterministic: the same catalog gives the same bytes). */
export function encodeCompiledCatalog(compiled: CompiledCatalog): Uint8Array {
  const blobs: Blob[] = [];
  const ref = (array: Blob): number => blobs.push(array) - 1;
  const rules = compiled.doc.rules?.map((rule): Rule => {
    if (rule.type !== 'table') return rule;
    return { ...rule, allowed: ref(encoder.encode(JSON.stringify(rule.allowed))) as unknown as typeof rule.allowed };
  });
  const doc: CatalogDocument = rules ? { ...compiled.doc, rules } : compiled.doc;
  const tables: Manifest['tables'] = [];
  for (const con of compiled.model.constraints) {
    if (con.kind === 'table') tables.push([con.rule, ref(con.scope), ref(con.columnScope), con.rowCount, ref(con.cells)]);
  }
  const components = compiled.components.map(
    (comp): ComponentManifest => ({
      index: comp.index,
      groups: ref(comp.groups),
      catalogGroups: ref(comp.catalogGroups),
      postOrder: ref(comp.postOrder),
      constraints: [...comp.constraints],
      choices: ref(comp.choices),
      clusters: comp.clusters.map((x) => ({
        groups: ref(x.groups),
        columns: x.columns.map(ref),
        size: x.size,
        parent: x.parent,
        children: ref(x.children),
        sepUp: ref(x.sepUp),
        childSep: x.childSep.map(ref),
        home: ref(x.home),
        homeColumn: ref(x.homeColumn),
        separators: x.up ? x.up.length : -1,
      })),
    }),
  );
  const lengths = new Int32Array(compiled.model.choiceCount).fill(-1);
  let total = 0;
  for (let c = 0; c < lengths.length; c++) {
    const row = compiled.compatible[c];
    if (row) total += lengths[c] = row.length;
  }
  const rows = new Uint32Array(total);
  for (let c = 0, at = 0; c < lengths.length; c++) {
    const row = compiled.compatible[c];
    if (!row) continue;
    rows.set(row, at);
    at += row.length;
  }
  const compatible = { rows: ref(rows), lengths: ref(lengths) };
  const componentOf = ref(compiled.componentOf);
  const choiceIndex = ref(compiled.choiceIndex);

  const placed: Manifest['blobs'] = [];
  let offset = 0;
  for (const blob of blobs) {
    placed.push([kindOf(blob), offset, blob.length]);
    offset = align8(offset + blob.byteLength);
  }
  const manifest: Manifest = { doc, tables, components, componentOf, choiceIndex, compatible, stats: compiled.stats, blobs: placed };
  const head = encoder.encode(JSON.stringify(manifest));
  const blobStart = align8(4 + head.length);
  const bytes = new Uint8Array(blobStart + offset);
  new DataView(bytes.buffer).setUint32(0, head.length, true);
  bytes.set(head, 4);
  blobs.forEach((blob, i) => {
    bytes.set(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), blobStart + placed[i]![1]);
  });
  return bytes;
}

/**
 * The compiled catalog held by `bytes` (from {@link encodeCompiledCatalog} of the same format
 * version). Typed arrays are views on `bytes`, which must not change afterwards. Throws
 * CompiledFormatError ('truncated', 'corrupt') on bytes that do not hold one.
 */
export function decodeCompiledCatalog(input: Uint8Array): CompiledCatalog {
  // Views need their element alignment: copy the (rare) misaligned input once.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.length < 4) throw new CompiledFormatError('truncated', 'the compiled catalog is shorter than its header');
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + headLength > bytes.length) throw new CompiledFormatError('truncated', 'the compiled catalog ends inside its manifest');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(decoder.decode(bytes.subarray(4, 4 + headLength))) as Manifest;
  } catch {
    throw new CompiledFormatError('corrupt', 'the manifest of the compiled catalog is not JSON');
  }
  try {
    return assemble(manifest, bytes, bytes.byteOffset + align8(4 + headLength));
  } catch (error) {
    if (error instanceof CompiledFormatError) throw error;
    throw new CompiledFormatError('corrupt', `the compiled catalog is inconsistent: ${(error as Error).message}`);
  }
}

function assemble(manifest: Manifest, bytes: Uint8Array, blobStart: number): CompiledCatalog {
  const end = bytes.byteOffset + bytes.length;
  const blob = <K extends BlobKind>(index: number, kind: K): BlobOf<K> => {
    const entry = manifest.blobs[index];
    if (!entry || entry[0] !== kind) throw new CompiledFormatError('corrupt', `blob ${index} is not a ${kind} array`);
    const [, offset, length] = entry;
    const start = blobStart + offset;
    if (!Number.isInteger(start) || start % 8 !== 0 || length < 0 || start + length * BYTES[kind] > end) {
      throw new CompiledFormatError('truncated', `blob ${index} lies outside the compiled catalog`);
    }
    return view(kind, bytes.buffer, start, length) as BlobOf<K>;
  };

  const doc = manifest.doc;
  for (const rule of doc.rules ?? []) {
    if (rule.type === 'table') lazyRows(rule, blob(rule.allowed as unknown as number, 'u8'));
  }
  const tables = new Map<number, TableConstraint>();
  for (const [rule, scope, columnScope, rowCount, cells] of manifest.tables) {
    tables.set(rule, {
      kind: 'table',
      rule,
      scope: blob(scope, 'i32'),
      columnScope: blob(columnScope, 'i32'),
      rowCount,
      cells: blob(cells, 'i32'),
    });
  }
  const { maxTuples, maxSteps } = DEFAULT_COMPILE_LIMITS;
  const model = buildModel(doc, { tuples: 0, steps: 0, maxTuples, maxSteps }, tables);
  const componentOf = blob(manifest.componentOf, 'i32');
  const choiceIndex = blob(manifest.choiceIndex, 'i32');
  if (componentOf.length !== model.vars.length || choiceIndex.length !== model.choiceCount) {
    throw new CompiledFormatError('corrupt', 'the compiled catalog does not match its document');
  }
  const components = manifest.components.map((comp): Component => {
    const groups = blob(comp.groups, 'i32');
    return {
      index: comp.index,
      groups,
      catalogGroups: blob(comp.catalogGroups, 'i32'),
      clusters: comp.clusters.map((x) => cluster(x, blob)),
      postOrder: blob(comp.postOrder, 'i32'),
      domainSize: new Map(Array.from(groups, (g) => [g, model.vars[g]!.domain] as const)),
      constraints: comp.constraints,
      choices: blob(comp.choices, 'i32'),
    };
  });
  const rows = blob(manifest.compatible.rows, 'u32');
  const lengths = blob(manifest.compatible.lengths, 'i32');
  if (lengths.length !== model.choiceCount) throw new CompiledFormatError('corrupt', 'the compatibility rows do not match the choices');
  const compatible: Uint32Array[] = new Array(model.choiceCount);
  for (let c = 0, at = 0; c < lengths.length; c++) {
    const length = lengths[c]!;
    if (length < 0) continue;
    if (at + length > rows.length) throw new CompiledFormatError('corrupt', 'the compatibility rows are cut short');
    compatible[c] = rows.subarray(at, (at += length));
  }
  return { doc, model, components, componentOf, compatible, choiceIndex, stats: manifest.stats };
}

type BlobOf<K extends BlobKind> = { i32: Int32Array; u32: Uint32Array; f64: Float64Array; u8: Uint8Array }[K];

function cluster(x: ClusterManifest, blob: <K extends BlobKind>(index: number, kind: K) => BlobOf<K>): Cluster {
  const columns = x.columns.map((c) => blob(c, 'i32'));
  const sepUp = blob(x.sepUp, 'i32');
  if (columns.some((c) => c.length !== x.size) || sepUp.length !== x.size) {
    throw new CompiledFormatError('corrupt', 'a cluster column does not match its size');
  }
  return {
    groups: blob(x.groups, 'i32'),
    columns,
    size: x.size,
    parent: x.parent,
    children: blob(x.children, 'i32'),
    sepUp,
    childSep: x.childSep.map((c) => blob(c, 'i32')),
    home: blob(x.home, 'i32'),
    homeColumn: blob(x.homeColumn, 'i32'),
    up: x.separators >= 0 ? new Uint8Array(x.separators) : null,
    down: x.separators >= 0 ? new Uint8Array(x.separators) : null,
    status: new Uint8Array(x.size),
    failGroup: new Int32Array(x.size),
    failChild: new Int32Array(x.size),
  };
}

/**
 * Makes a table rule's `allowed` parse its JSON on first read, in place (same key order, so the
 * document stringifies as before). Nothing on a click reads it: the model has the cells.
 */
function lazyRows(rule: Rule, json: Uint8Array): void {
  Object.defineProperty(rule, 'allowed', {
    configurable: true,
    enumerable: true,
    get() {
      const rows = JSON.parse(decoder.decode(json)) as unknown;
      Object.defineProperty(rule, 'allowed', { value: rows, configurable: true, enumerable: true, writable: true });
      return rows;
    },
  });
}

function view(kind: BlobKind, buffer: ArrayBufferLike, offset: number, length: number): Blob {
  if (kind === 'i32') return new Int32Array(buffer, offset, length);
  if (kind === 'u32') return new Uint32Array(buffer, offset, length);
  if (kind === 'f64') return new Float64Array(buffer, offset, length);
  return new Uint8Array(buffer, offset, length);
}

function kindOf(blob: Blob): BlobKind {
  if (blob instanceof Int32Array) return 'i32';
  if (blob instanceof Uint32Array) return 'u32';
  if (blob instanceof Float64Array) return 'f64';
  return 'u8';
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
