/**
 * Publishing a catalog version: validate the whole document (every finding, not just the
 * first), check it is the product the path names, then store it as the next immutable version.
 * Free of AWS and HTTP types: the store is passed in.
 */
import { InvalidInputError, type Finding } from '../errors.ts';
import { CatalogDocumentSchema, type CatalogDocument } from './schema.ts';
import { issuesToFindings } from '#http/request';

/** What publishing needs from the store. */
export interface CatalogPublisher {
  publish(document: CatalogDocument, now: Date): Promise<{ summary: { productId: string; version: number; publishedAt: string }; created: boolean }>;
}

/** Checks beyond the schema (references, reachability); returns findings, errors and warnings. */
export type CatalogChecker = (document: CatalogDocument) => Finding[];

export interface PublishOutcome {
  productId: string;
  version: number;
  publishedAt: string;
  /** False when the document equals the current version: nothing new was published. */
  created: boolean;
  warnings: Finding[];
}

export async function publishCatalog(
  publisher: CatalogPublisher,
  productId: string,
  input: unknown,
  now: Date,
  check: CatalogChecker = () => [],
): Promise<PublishOutcome> {
  const parsed = CatalogDocumentSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInputError('the catalog document is not valid', issuesToFindings(parsed.error.issues).map((f) => ({ ...f, severity: 'error' as const })));
  }
  const document = parsed.data;
  const findings: Finding[] = [];
  if (document.id !== productId) findings.push({ path: ['id'], code: 'id-mismatch', message: `the document's id "${document.id}" must equal the product in the path, "${productId}"`, severity: 'error' });
  findings.push(...check(document));
  const errors = findings.filter((f) => f.severity !== 'warning');
  if (errors.length) throw new InvalidInputError(`the catalog document has ${errors.length} error(s)`, findings);
  const { summary, created } = await publisher.publish(document, now);
  return { productId: summary.productId, version: summary.version, publishedAt: summary.publishedAt, created, warnings: findings };
}
