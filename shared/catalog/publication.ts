/**
 * Publishing a catalog version: lint the whole document (schema, references, the compiled
 * solution space: every finding, not just the first), check it is the product the path names,
 * then store it as the next immutable version. Free of AWS and HTTP types: the store is
 * passed in.
 */
import { InvalidInputError, type Finding } from '#core/errors';
import type { CatalogDocument } from '#core/catalog-document';
import { groupOfRole } from '#core/service-roles';
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

/** What publishing asks beyond the document: whether invoices of the house's orders could name a seller. */
export interface PublishChecks {
  /** True when the house has seller data (documents/seller.ts); asked only for a catalog with an invoice-format group. */
  hasSeller(): Promise<boolean>;
}

/**
 * A warning when the catalog sells an invoice format but no seller data is set: invoices could
 * not be issued, and the admin is told now rather than when the first order ships.
 */
export async function sellerFindings(doc: CatalogDocument, checks: PublishChecks | undefined): Promise<Finding[]> {
  const invoice = groupOfRole(doc, 'invoice-format');
  if (!invoice || !checks || (await checks.hasSeller())) return [];
  return [
    {
      path: ['groups', doc.groups.indexOf(invoice)],
      code: 'seller-missing',
      severity: 'warning',
      message: `group "${invoice.id}" sells invoices, but no seller data is set: PUT /admin/tenants/house/seller before the first order ships`,
    },
  ];
}

export async function publishCatalog(
  publisher: CatalogPublisher,
  productId: string,
  input: unknown,
  now: Date,
  checks?: PublishChecks,
): Promise<PublishOutcome> {
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
  const warnings = [...findings, ...(await sellerFindings(result.doc, checks))];
  return { productId: summary.productId, version: summary.version, publishedAt: summary.publishedAt, created, warnings };
}
