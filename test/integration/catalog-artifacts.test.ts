/**
 * Compiled-catalog artifacts on real DynamoDB Local and the local server's artifact folder:
 * publishing through the API writes the artifact before the version is current; a fresh
 * compiled-catalogs cache (a cold container) loads it without reading the document; a damaged
 * artifact is reported and the version compiled from its document, answering the same; a
 * publication whose artifact cannot be written leaves nothing current; publishing the same
 * document again rewrites a lost artifact.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledArtifactKey, type ArtifactRef } from '#catalog/compiled-artifact';
import { CompiledCatalogs, type ArtifactProblem, type CatalogSource } from '#catalog/compiled-catalogs';
import { publishCatalog } from '#catalog/publication';
import { CatalogDocumentSchema } from '#core/catalog-document';
import { compileCatalog, configure } from '#engine/index';
import { ArtifactFiles, artifactPath } from '#store/artifact-files';
import { CatalogRepository } from '#store/catalog-repository';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { localArtifactDir } from '../../infra/local/stack.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let stack: TestStack;
let client: ReturnType<TestStack['documentClient']>;
let repository: CatalogRepository;
const files = new ArtifactFiles(localArtifactDir({}));
const TODAY = '2026-03-02';

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  client = stack.documentClient();
  repository = new CatalogRepository(client, stack.tableName);
  // Warm the admin handler: a cold import plus validation can pass the request's store deadline
  // on a loaded machine (503 with Retry-After), which is not what these tests are about.
  const warmId = `artifact-warm-${Date.now()}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await stack.call(`/admin/products/${warmId}`, { method: 'PUT', body: productDocument(warmId) })).status !== 503) break;
  }
});
afterAll(async () => {
  client?.destroy();
  await stack?.close();
});

/** A product of this test's own, so the shared artifact folder holds nothing of it yet. */
function productDocument(productId: string, name = 'Artifact laptop') {
  return { ...(readDemoCatalog() as Record<string, unknown>), id: productId, name };
}

/** The repository as a cold container's cache sees it, counting document reads. */
function countingSource(): CatalogSource & { documentReads: number } {
  const source = {
    documentReads: 0,
    findCurrent: (id: string) => repository.findCurrent(id),
    findVersion: (id: string, version: number) => repository.findVersion(id, version),
    get: (id: string, version?: number) => {
      source.documentReads++;
      return repository.get(id, version);
    },
  };
  return source;
}

async function currentRef(productId: string): Promise<ArtifactRef> {
  const current = (await repository.findCurrent(productId))!;
  return { productId, version: current.version, documentSha256: current.documentSha256 };
}

describe('compiled-catalog artifacts', () => {
  it('are written by a publication through the API and loaded by a cold cache without reading the document', async () => {
    // Prepare
    const productId = `artifact-${Date.now()}`;
    const published = await stack.call(`/admin/products/${productId}`, { method: 'PUT', body: productDocument(productId) });
    const source = countingSource();
    const problems: ArtifactProblem[] = [];
    // Act
    const cold = await new CompiledCatalogs(source, { artifacts: files, onArtifactProblem: (p) => problems.push(p) }).get(productId);
    // Assess
    expect(published.status, JSON.stringify(published.json)).toBe(201);
    expect(await files.get(compiledArtifactKey(await currentRef(productId)))).toBeDefined();
    expect([source.documentReads, problems]).toEqual([0, []]);
    const viaApi = await stack.call(`/products/${productId}/configure`, { method: 'POST', body: { picks: ['cpu.i7'] } });
    expect(viaApi.status).toBe(200);
    const local = configure(cold.compiled, ['cpu.i7'], { tier: null, today: TODAY });
    // The API adds recommendations to each group; the engine's part must be the same.
    const engineView = (groups: { id: string; emptyAllowed: boolean; choices: unknown }[]) =>
      groups.map(({ id, emptyAllowed, choices }) => ({ id, emptyAllowed, choices }));
    expect(engineView(local.groups)).toEqual(engineView((viaApi.json as { groups: typeof local.groups }).groups));
  });

  it('when damaged, are reported and the version compiled from its document, with the same answers', async () => {
    // Prepare
    const productId = `artifact-damaged-${Date.now()}`;
    await stack.call(`/admin/products/${productId}`, { method: 'PUT', body: productDocument(productId) });
    const key = compiledArtifactKey(await currentRef(productId));
    const intact = (await files.get(key))!;
    await files.put(key, intact.subarray(0, intact.length - 100));
    const source = countingSource();
    const problems: ArtifactProblem[] = [];
    // Act
    const rebuilt = await new CompiledCatalogs(source, { artifacts: files, onArtifactProblem: (p) => problems.push(p) }).get(productId);
    // Assess
    expect(problems.map((p) => [p.key, p.problem])).toEqual([[key, 'truncated']]);
    expect(source.documentReads).toBe(1);
    const fresh = compileCatalog(CatalogDocumentSchema.parse(productDocument(productId)));
    const options = { tier: 'B' as const, today: TODAY, needs: { use: 'video' }, budget: 250_000 };
    expect(configure(rebuilt.compiled, ['cpu.i7'], options)).toEqual(configure(fresh, ['cpu.i7'], options));
  });

  it('when lost, are written again by publishing the same document (no new version)', async () => {
    // Prepare
    const productId = `artifact-lost-${Date.now()}`;
    await stack.call(`/admin/products/${productId}`, { method: 'PUT', body: productDocument(productId) });
    const key = compiledArtifactKey(await currentRef(productId));
    await rm(artifactPath(localArtifactDir({}), key));
    // Act
    const again = await stack.call(`/admin/products/${productId}`, { method: 'PUT', body: productDocument(productId) });
    // Assess
    expect(again.status).toBe(200);
    expect((again.json as { version: number }).version).toBe(1);
    expect(await files.get(key)).toBeDefined();
  });

  it('that cannot be written leave the new version unpublished: the old one stays current', async () => {
    // Prepare
    const productId = `artifact-atomic-${Date.now()}`;
    await publishCatalog(repository, productId, productDocument(productId), new Date(), files);
    const before = await repository.findCurrent(productId);
    const failing = { get: files.get.bind(files), put: async () => Promise.reject(new Error('bucket unavailable')) };
    // Act
    const publishing = publishCatalog(repository, productId, productDocument(productId, 'Changed name'), new Date(), failing);
    // Assess
    await expect(publishing).rejects.toThrow('bucket unavailable');
    expect(await repository.findCurrent(productId)).toEqual(before);
    await expect(repository.get(productId, 2)).rejects.toThrow('has no version 2');
  });
});
