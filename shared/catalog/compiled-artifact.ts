/**
 * The compiled-catalog artifact: what publishing stores so that a cold process loads the
 * compiled form instead of compiling the document (docs/adr/0008-compiled-catalog-artifacts.md).
 *
 * Bytes (little-endian): "OCAT", u16 format version ({@link COMPILED_FORMAT_VERSION}), u16
 * compression (1: Brotli), the document's sha256 (32 bytes), u32 payload length, u32
 * compressed length, a sha256 of all of that and the compressed bytes (32 bytes), then the compressed
 * payload (the engine's `encodeCompiledCatalog`). Decoding checks all of it before the engine
 * sees a byte, and throws CompiledFormatError on anything else: the caller rebuilds from the
 * document, it never uses a wrong catalog.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import {
  COMPILED_FORMAT_VERSION,
  CompiledFormatError,
  decodeCompiledCatalog,
  encodeCompiledCatalog,
  type CompiledCatalog,
} from '#engine/index';

const MAGIC = 0x5441434f; // "OCAT" read as a little-endian u32
const BROTLI = 1;
const HEADER_BYTES = 80;
/** Quality 9: Renault big in ~400 KB, compressed in ~0.5 s at publish, decompressed in ~20 ms. */
const BROTLI_QUALITY = 9;
/** A payload larger than this is refused before decompressing (a damaged length, not a catalog). */
const MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;

/** Which artifact: a version of a product, the digest of its document, the format version. */
export interface ArtifactRef {
  productId: string;
  version: number;
  /** Hex sha256 of the version's document, as the catalog store records it. */
  documentSha256: string;
}

/**
 * Where the artifact of `ref` is kept: `catalogs/<product>/v<version>/<document sha256>.f<format>.ocat`.
 * The document digest in the key means two publishers racing for one version number never
 * share a key; the format version means old and new code, side by side during a deployment,
 * each read (and never overwrite) their own.
 */
export function compiledArtifactKey(ref: ArtifactRef): string {
  return `catalogs/${ref.productId}/v${ref.version}/${ref.documentSha256}.f${COMPILED_FORMAT_VERSION}.ocat`;
}

/** The artifact of a compiled catalog whose document has digest `documentSha256` (pure). */
export function encodeArtifact(compiled: CompiledCatalog, documentSha256: string): Uint8Array {
  const payload = encodeCompiledCatalog(compiled);
  const compressed = brotliCompressSync(payload, {
    params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: payload.length },
  });
  const bytes = new Uint8Array(HEADER_BYTES + compressed.length);
  const header = new DataView(bytes.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint16(4, COMPILED_FORMAT_VERSION, true);
  header.setUint16(6, BROTLI, true);
  bytes.set(hexBytes(documentSha256), 8);
  header.setUint32(40, payload.length, true);
  header.setUint32(44, compressed.length, true);
  bytes.set(checksum(bytes.subarray(0, 48), compressed), 48);
  bytes.set(compressed, HEADER_BYTES);
  return bytes;
}

/**
 * The compiled catalog in `bytes`, if they are an intact artifact of this format version for
 * the document with digest `documentSha256`; throws CompiledFormatError otherwise ('magic',
 * 'format-version', 'truncated', 'checksum', 'document', 'corrupt').
 */
export function decodeArtifact(bytes: Uint8Array, documentSha256: string): CompiledCatalog {
  if (bytes.length < HEADER_BYTES)
    throw new CompiledFormatError('truncated', `an artifact has at least ${HEADER_BYTES} bytes; got ${bytes.length}`);
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw new CompiledFormatError('magic', 'not a compiled-catalog artifact');
  const format = header.getUint16(4, true);
  if (format !== COMPILED_FORMAT_VERSION) {
    throw new CompiledFormatError('format-version', `artifact format ${format}; this code reads format ${COMPILED_FORMAT_VERSION}`);
  }
  if (header.getUint16(6, true) !== BROTLI) throw new CompiledFormatError('corrupt', 'unknown compression');
  if (Buffer.from(bytes.subarray(8, 40)).toString('hex') !== documentSha256) {
    throw new CompiledFormatError('document', 'the artifact was compiled from another document');
  }
  const payloadLength = header.getUint32(40, true);
  const compressedLength = header.getUint32(44, true);
  if (HEADER_BYTES + compressedLength !== bytes.length) {
    throw new CompiledFormatError(
      'truncated',
      `the artifact should hold ${HEADER_BYTES + compressedLength} bytes; it holds ${bytes.length}`,
    );
  }
  const compressed = bytes.subarray(HEADER_BYTES);
  if (!checksum(bytes.subarray(0, 48), compressed).equals(bytes.subarray(48, 80))) {
    throw new CompiledFormatError('checksum', 'the artifact does not match its checksum');
  }
  if (payloadLength > MAX_PAYLOAD_BYTES) throw new CompiledFormatError('corrupt', `a payload of ${payloadLength} bytes is not believable`);
  let payload: Uint8Array;
  try {
    // One output chunk of the announced size: growing chunk by chunk doubles the time on big payloads.
    payload = brotliDecompressSync(compressed, { maxOutputLength: Math.max(1, payloadLength), chunkSize: Math.max(64, payloadLength) });
  } catch {
    throw new CompiledFormatError('corrupt', 'the artifact does not decompress');
  }
  if (payload.length !== payloadLength) throw new CompiledFormatError('corrupt', 'the artifact decompresses to another length');
  return decodeCompiledCatalog(payload);
}

/** The sha256 of the header before it and of the compressed payload: a damaged length is caught too. */
function checksum(header: Uint8Array, compressed: Uint8Array): Buffer {
  return createHash('sha256').update(header).update(compressed).digest();
}

function hexBytes(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a sha256 digest: ${hex}`);
  return Buffer.from(hex, 'hex');
}
