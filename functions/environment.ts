/**
 * The environment every function shares, read and validated once per container (at cold
 * start): a missing or malformed variable stops the cold start with a message naming it.
 */
import * as z from 'zod';

const EnvironmentSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).optional(),
  /** How long a tenant's order statistics are trusted before configure reads them again. */
  STATISTICS_TTL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(10),
  /** Compiled-catalog artifacts: the S3 bucket (AWS) or a folder (the local server); neither: compile every cold version. */
  ARTIFACT_BUCKET: z.string().min(3).max(63).optional(),
  ARTIFACT_DIR: z.string().min(1).max(4_096).optional(),
});

/** Parses `process.env` with a schema; throws one error listing every bad variable. */
export function readEnvironment<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid environment: ${problems}`);
}

/** The shared variables, validated. */
export const environment = readEnvironment(EnvironmentSchema);
