/**
 * Publishing a catalog version: lint the whole document (schema, references, the compiled
 * solution space: every finding, not just the first), check it is the product the path names,
 * then store it as the next immutable version. Free of AWS and HTTP types: the store is
 * passed in.
 */
import { InvalidInputError, type Finding } from '#core/errors';
import type { CatalogDocument } from '#core/catalog-document';
import { validateCatalog } from './validate.ts';

/** What publishing needs from the store. */
export interface CatalogPublisher {
  publish(
    document: CatalogDocument,
    now: Date,
  ): Promise<{ summary: { productId: string; version: number; publishedAt: string }; created: boolean }>;
}

export interface PublishOutcome {
  productId: string;
  version: number;
  publishedAt: string;
  /** False when the document equals the current version: nothing new was published. */
  created: boolean;
  /** Findings that do not stop publication (e.g. a choice no configuration can reach). */
  warnings: Finding[];
}

export async function publishCatalog(publisher: CatalogPublisher, productId: string, input: unknown, now: Date): Promise<PublishOutcome> {
  const result = validateCatalog(input);
  const findings: Finding[] = [...result.findings];
  const id = (input as { id?: unknown } | null)?.id;
  if (typeof id === 'string' && id !== productId) {
    findings.unshift({
      path: ['id'],
      code: 'id-mismatch',
      message: `the document's id "${id}" must equal the product in the path, "${productId}"`,
      severity: 'error',
    });
  }
  const errors = findings.filter((f) => f.severity === 'error');
  if (!result.ok || errors.length) {
    throw new InvalidInputError(`the catalog document has ${errors.length} error(s)`, findings);
  }
  const { summary, created } = await publisher.publish(result.doc, now);
  return { productId: summary.productId, version: summary.version, publishedAt: summary.publishedAt, created, warnings: findings };
}
