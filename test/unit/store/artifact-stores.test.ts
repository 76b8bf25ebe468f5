/**
 * The two artifact stores behind the catalog domain's port: files under a folder (the local
 * server's), against a real temporary folder, and the S3 bucket's requests, built by pure
 * functions, plus the one S3 answer that means "no such artifact".
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledArtifactKey } from '#catalog/compiled-artifact';
import { buildGetArtifact, buildPutArtifact, isMissingObject } from '#store/artifact-bucket';
import { ArtifactFiles, artifactPath } from '#store/artifact-files';

const key = compiledArtifactKey({ productId: 'laptop-x1', version: 2, documentSha256: 'ab'.repeat(32) });

describe('ArtifactFiles', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifact-files-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('gives back what was put, under the key as a path, and nothing for a key never put', async () => {
    // Prepare
    const files = new ArtifactFiles(root);
    const bytes = Uint8Array.from([1, 2, 3, 250]);
    // Act
    await files.put(key, bytes);
    const read = await files.get(key);
    const missing = await files.get(key.replace('v2', 'v3'));
    // Assess
    expect(read).toEqual(bytes);
    expect(missing).toBeUndefined();
    expect(await readdir(join(root, 'catalogs', 'laptop-x1', 'v2'))).toEqual([key.split('/').at(-1)]);
  });

  it('replaces an artifact whole, leaving no temporary file behind', async () => {
    // Prepare
    const files = new ArtifactFiles(root);
    await files.put(key, Uint8Array.from([1, 2, 3]));
    // Act
    await files.put(key, Uint8Array.from([9]));
    // Assess
    expect(await files.get(key)).toEqual(Uint8Array.from([9]));
    expect(await readdir(join(root, 'catalogs', 'laptop-x1', 'v2'))).toHaveLength(1);
  });

  it('refuses keys that would leave its folder', () => {
    // Act, Assess
    for (const bad of ['../etc/passwd', 'catalogs/../../x', '/abs/path', 'catalogs//x', 'catalogs/./x', '']) {
      expect(() => artifactPath(root, bad), bad).toThrow('not an artifact key');
    }
    expect(artifactPath(root, key)).toBe(join(root, ...key.split('/')));
  });
});

describe('the artifact bucket requests', () => {
  it('read one object by bucket and key', () => {
    // Act
    const input = buildGetArtifact('configurator-artifacts-1-eu-west-1', key);
    // Assess
    expect(input).toEqual({ Bucket: 'configurator-artifacts-1-eu-west-1', Key: key });
  });

  it('write the bytes as an opaque object with a SHA-256 checksum S3 verifies', () => {
    // Prepare
    const bytes = Uint8Array.from([1, 2, 3]);
    // Act
    const input = buildPutArtifact('bucket', key, bytes);
    // Assess
    expect(input).toEqual({
      Bucket: 'bucket',
      Key: key,
      Body: bytes,
      ContentType: 'application/octet-stream',
      ChecksumAlgorithm: 'SHA256',
    });
  });

  it('take NoSuchKey (and a HEAD-style NotFound) as a missing artifact, nothing else', () => {
    // Prepare
    const named = (name: string) => Object.assign(new Error(name), { name });
    // Act, Assess
    expect(isMissingObject(named('NoSuchKey'))).toBe(true);
    expect(isMissingObject(named('NotFound'))).toBe(true);
    expect(isMissingObject(named('AccessDenied'))).toBe(false);
    expect(isMissingObject(named('TimeoutError'))).toBe(false);
    expect(isMissingObject('NoSuchKey')).toBe(false);
  });
});
