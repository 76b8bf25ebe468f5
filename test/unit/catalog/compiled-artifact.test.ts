/**
 * The artifact around the compiled form: it decodes only when intact, of this format version
 * and of the expected document, and every other case is a typed CompiledFormatError naming the
 * problem (never a wrong catalog). The compiled-catalogs cache loads a version from its
 * artifact without reading the document, and compiles from the document (reporting why) when
 * the artifact is missing, damaged or another document's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogDocumentSchema, type CatalogDocument } from '#core/catalog-document';
import { sha256Hex } from '#core/digest';
import { compiledArtifactKey, decodeArtifact, encodeArtifact } from '#catalog/compiled-artifact';
import { CompiledCatalogs, type ArtifactProblem, type CatalogSource } from '#catalog/compiled-catalogs';
import { publishCatalog } from '#catalog/publication';
import { COMPILED_FORMAT_VERSION, CompiledFormatError, compileCatalog, configure } from '#engine/index';
import { ArtifactFiles } from '#store/artifact-files';
import { readDemoCatalog } from '../../../infra/local/seed.ts';

const TODAY = '2026-03-02';
const laptop = CatalogDocumentSchema.parse(readDemoCatalog());
const digest = (doc: CatalogDocument) => sha256Hex(JSON.stringify(doc));

function problemOf(bytes: Uint8Array, documentSha256: string): string {
  try {
    decodeArtifact(bytes, documentSha256);
    return 'decoded';
  } catch (error) {
    return error instanceof CompiledFormatError ? error.problem : `other: ${(error as Error).message}`;
  }
}

describe('compiled artifact', () => {
  const sha = digest(laptop);
  const bytes = encodeArtifact(compileCatalog(laptop), sha);

  it('decodes an intact artifact into a catalog that answers like the compiled one', () => {
    // Act
    const decoded = decodeArtifact(bytes, sha);
    // Assess
    const options = { tier: 'B' as const, today: TODAY, needs: { use: 'video' }, budget: 250_000 };
    expect(configure(decoded, ['cpu.i7'], options)).toEqual(configure(compileCatalog(laptop), ['cpu.i7'], options));
  });

  it('refuses another format version, a bad checksum, a cut artifact, another document and foreign bytes', () => {
    // Prepare
    const otherVersion = bytes.slice();
    new DataView(otherVersion.buffer).setUint16(4, COMPILED_FORMAT_VERSION + 1, true);
    const flipped = bytes.slice();
    flipped[flipped.length - 10]! ^= 0x40;
    const foreign = new TextEncoder().encode(JSON.stringify(laptop)).subarray(0, 200);
    // Act, Assess
    expect(problemOf(otherVersion, sha)).toBe('format-version');
    expect(problemOf(flipped, sha)).toBe('checksum');
    expect(problemOf(bytes.subarray(0, bytes.length - 1), sha)).toBe('truncated');
    expect(problemOf(bytes.subarray(0, 40), sha)).toBe('truncated');
    expect(problemOf(bytes, 'ab'.repeat(32))).toBe('document');
    expect(problemOf(foreign, sha)).toBe('magic');
  });

  it('names the product, version, document and format version in its key', () => {
    // Act
    const key = compiledArtifactKey({ productId: 'laptop-x1', version: 3, documentSha256: sha });
    // Assess
    expect(key).toBe(`catalogs/laptop-x1/v3/${sha}.f${COMPILED_FORMAT_VERSION}.ocat`);
  });
});

/** One product's versions in memory, counting document reads. */
class CountingSource implements CatalogSource {
  documentReads = 0;
  constructor(private readonly doc: CatalogDocument) {}
  async findCurrent() {
    return { version: 1, documentSha256: digest(this.doc) };
  }
  async findVersion(_productId: string, version: number) {
    return version === 1 ? { version: 1, documentSha256: digest(this.doc) } : undefined;
  }
  async get(productId: string) {
    this.documentReads++;
    return { productId, version: 1, document: this.doc };
  }
}

describe('compiled catalogs with an artifact store', () => {
  let root: string;
  let files: ArtifactFiles;
  let problems: ArtifactProblem[];
  const key = compiledArtifactKey({ productId: 'laptop-x1', version: 1, documentSha256: digest(laptop) });
  const cacheOf = (source: CatalogSource) => new CompiledCatalogs(source, { artifacts: files, onArtifactProblem: (p) => problems.push(p) });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifacts-'));
    files = new ArtifactFiles(root);
    problems = [];
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('loads a published version from its artifact without reading the document', async () => {
    // Prepare
    const publisher = {
      publish: async (
        document: CatalogDocument,
        _now: Date,
        beforeCommit?: (next: { version: number; documentSha256: string }) => Promise<void>,
      ) => {
        await beforeCommit?.({ version: 1, documentSha256: digest(document) });
        const summary = { productId: document.id, version: 1, publishedAt: 'now', documentSha256: digest(document) };
        return { summary, created: true };
      },
    };
    await publishCatalog(publisher, 'laptop-x1', readDemoCatalog(), new Date(), files);
    const source = new CountingSource(laptop);
    // Act
    const current = await cacheOf(source).get('laptop-x1');
    const pinned = await cacheOf(source).get('laptop-x1', 1);
    // Assess
    expect(await files.get(key)).toBeDefined();
    expect([source.documentReads, problems]).toEqual([0, []]);
    expect(configure(current.compiled, [], { tier: null, today: TODAY })).toEqual(
      configure(compileCatalog(laptop), [], { tier: null, today: TODAY }),
    );
    expect(pinned.version).toBe(1);
  });

  it('publishes nothing when the artifact cannot be written', async () => {
    // Prepare
    let committed = false;
    const publisher = {
      publish: async (
        document: CatalogDocument,
        _now: Date,
        beforeCommit?: (next: { version: number; documentSha256: string }) => Promise<void>,
      ) => {
        await beforeCommit?.({ version: 1, documentSha256: digest(document) });
        committed = true;
        return { summary: { productId: document.id, version: 1, publishedAt: 'now', documentSha256: digest(document) }, created: true };
      },
    };
    const failing = { get: async () => undefined, put: async () => Promise.reject(new Error('disk full')) };
    // Act
    const publishing = publishCatalog(publisher, 'laptop-x1', readDemoCatalog(), new Date(), failing);
    // Assess
    await expect(publishing).rejects.toThrow('disk full');
    expect(committed).toBe(false);
  });

  for (const [name, damage, problem] of [
    ['missing', async () => {}, 'missing'],
    ['damaged', async () => files.put(key, encodeArtifact(compileCatalog(laptop), digest(laptop)).subarray(0, 500)), 'truncated'],
    [
      "another document's",
      async () => files.put(key, encodeArtifact(compileCatalog({ ...laptop, name: 'Other' }), 'ab'.repeat(32))),
      'document',
    ],
  ] as const) {
    it(`compiles from the document, and says why, when the artifact is ${name}`, async () => {
      // Prepare
      await damage();
      const source = new CountingSource(laptop);
      // Act
      const loaded = await cacheOf(source).get('laptop-x1');
      // Assess
      expect(source.documentReads).toBe(1);
      expect(problems.map((p) => [p.version, p.key, p.problem])).toEqual([[1, key, problem]]);
      expect(configure(loaded.compiled, ['cpu.i7'], { tier: 'A', today: TODAY })).toEqual(
        configure(compileCatalog(laptop), ['cpu.i7'], { tier: 'A', today: TODAY }),
      );
    });
  }
});
