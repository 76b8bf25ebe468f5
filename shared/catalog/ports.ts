/**
 * What the catalog use cases need from storage besides the catalog store itself, in the
 * domain's words (implemented by `shared/store`: S3 in AWS, files under DATA_DIR locally).
 */

/**
 * Where compiled-catalog artifacts are kept, by key (`compiledArtifactKey`). An artifact is
 * written once per version before the version becomes current, and never changes.
 */
export interface CompiledArtifactStore {
  /** The artifact's bytes, or undefined when there is none. Throws when the store cannot be read. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Writes the artifact (replacing an older copy under the same key: it holds the same catalog). */
  put(key: string, bytes: Uint8Array): Promise<void>;
}
