/**
 * What every function shares, created once per Lambda container (at cold start): the
 * validated environment, one DynamoDB client, the repositories. A missing or malformed
 * variable stops the cold start with a message naming it, instead of failing later.
 */
import * as z from 'zod';
import { CatalogRepository } from '#store/catalog-repository';
import { createDocumentClient } from '#store/client';
import { PartnerRepository } from '#store/partner-repository';

const EnvironmentSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).optional(),
});

/** Parses `process.env` with a schema; throws one error listing every bad variable. */
export function readEnvironment<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid environment: ${problems}`);
}

export const environment = readEnvironment(EnvironmentSchema);

export const documentClient = createDocumentClient({
  ...(environment.DYNAMODB_ENDPOINT ? { endpoint: environment.DYNAMODB_ENDPOINT } : {}),
  ...(environment.AWS_REGION ? { region: environment.AWS_REGION } : {}),
});

export const catalogRepository = new CatalogRepository(documentClient, environment.TABLE_NAME);
export const partnerRepository = new PartnerRepository(documentClient, environment.TABLE_NAME);
