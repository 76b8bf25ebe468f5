/**
 * Compiled-catalog artifacts as files under a folder (`npm start`: `DATA_DIR/artifacts`): the
 * local stand-in for the S3 bucket, behind the same port. A write goes to a temporary file
 * renamed into place, so a reader sees the old artifact, the new one or none, never half.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CompiledArtifactStore } from '#catalog/ports';

/** Keys are relative paths of plain segments: nothing can point outside the folder. */
const KEY = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** The file of `key` under `root`; throws on a key that is not a plain relative path (pure). */
export function artifactPath(root: string, key: string): string {
  if (!KEY.test(key) || key.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new Error(`not an artifact key: ${key}`);
  }
  return join(root, ...key.split('/'));
}

export class ArtifactFiles implements CompiledArtifactStore {
  constructor(private readonly root: string) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(artifactPath(this.root, key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = artifactPath(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }
}
