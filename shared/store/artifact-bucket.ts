/**
 * Compiled-catalog artifacts in an S3 bucket (the stateful stack's): one GetObject per cold
 * load, one PutObject per publication. Requests are built by pure functions (unit-tested) apart
 * from sending them. The client has the DynamoDB client's bounds: a connection timeout, an
 * attempt timeout that throws, a few attempts, a budget per call cut to the request's deadline,
 * and the response body is read within the attempt timeout too.
 */
import { GetObjectCommand, PutObjectCommand, S3Client, type GetObjectCommandInput, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import type { CompiledArtifactStore } from '#catalog/ports';
import { boundedSend, StoreTimeoutError, type Send } from './client.ts';
import { callStore } from './store-errors.ts';

/** Artifacts are a few hundred KB: attempts may take longer than a DynamoDB item's. */
export const ARTIFACT_CLIENT_DEFAULTS = { connectionTimeoutMs: 500, requestTimeoutMs: 2_000, maxAttempts: 3, callBudgetMs: 4_000 } as const;

export interface ArtifactClientOptions {
  region?: string;
  /** An S3-compatible endpoint (tests); unset in AWS. */
  endpoint?: string;
  requestTimeoutMs?: number;
}

/** The S3 client of one Lambda container (create it at module scope), bounded like the DynamoDB client. */
export function createArtifactClient(options: ArtifactClientOptions = {}): S3Client {
  const requestTimeoutMs = options.requestTimeoutMs ?? ARTIFACT_CLIENT_DEFAULTS.requestTimeoutMs;
  const client = new S3Client({
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-1',
    maxAttempts: ARTIFACT_CLIENT_DEFAULTS.maxAttempts,
    requestHandler: {
      connectionTimeout: ARTIFACT_CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
  });
  client.send = boundedSend(
    client.send.bind(client) as Send,
    ARTIFACT_CLIENT_DEFAULTS.callBudgetMs,
    requestTimeoutMs,
  ) as typeof client.send;
  return client;
}

/** Reads one artifact (pure). */
export function buildGetArtifact(bucket: string, key: string): GetObjectCommandInput {
  return { Bucket: bucket, Key: key };
}

/** Writes one artifact, with a SHA-256 the bucket checks on arrival (pure). */
export function buildPutArtifact(bucket: string, key: string, bytes: Uint8Array): PutObjectCommandInput {
  return { Bucket: bucket, Key: key, Body: bytes, ContentType: 'application/octet-stream', ChecksumAlgorithm: 'SHA256' };
}

/** True when S3 says the key does not exist (the role may list the bucket, so it says so). */
export function isMissingObject(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}

export class ArtifactBucket implements CompiledArtifactStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly bodyTimeoutMs: number = ARTIFACT_CLIENT_DEFAULTS.requestTimeoutMs,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    return callStore('read catalog artifact', async () => {
      try {
        const result = await this.client.send(new GetObjectCommand(buildGetArtifact(this.bucket, key)));
        if (!result.Body) return undefined;
        return await withinMs(result.Body.transformToByteArray(), this.bodyTimeoutMs, `reading ${key}`);
      } catch (error) {
        if (isMissingObject(error)) return undefined;
        throw error;
      }
    });
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await callStore('write catalog artifact', () => this.client.send(new PutObjectCommand(buildPutArtifact(this.bucket, key, bytes))));
  }
}

/** The promise's value, or a TimeoutError after `ms` (the SDK resolves before the body has arrived). */
function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(`${what}: no body within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
