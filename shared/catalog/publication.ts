/**
 * Publishing a catalog version: lint the whole document (schema, references, the compiled
 * solution space: every finding, not just the first), check it is the product the path names,
 * then store it as the next immutable version. Free of AWS and HTTP types: the store is
 * passed in.
 *
 * With an artifact store, the compiled form (the one validation compiled) is written as the
 * version's artifact BEFORE the version becomes current: a failed write fails the publication
 * and nothing is current. Document, artifact and pointer therefore agree, or the version is not
 * current (a concurrent publisher's artifact sits under another document digest, so it is never
 * mistaken for this one). Publishing an unchanged document rewrites the current version's
 * artifact: the way to repair a lost or damaged one.
 */
import { InvalidInputError, type Finding } from '#core/errors';
import type { CatalogDocument } from '#core/catalog-document';
import { compileCatalog, type CompiledCatalog } from '#engine/index';
import { compiledArtifactKey, encodeArtifact } from './compiled-artifact.ts';
import type { CompiledArtifactStore } from './ports.ts';
import { groupOfRole } from '#core/service-roles';
import { validateCatalog } from './validate.ts';

/** The version about to be published, as the store numbers and digests it. */
export interface NextVersion {
  version: number;
  documentSha256: string;
}

/** What publishing needs from the store. */
export interface CatalogPublisher {
  /**
   * Stores `document` as the next version unless it equals the current one; `beforeCommit` runs
   * after the version is numbered and before it becomes current (its failure publishes nothing).
   */
  publish(
    document: CatalogDocument,
    now: Date,
    beforeCommit?: (next: NextVersion) => Promise<void>,
  ): Promise<{ summary: { productId: string; version: number; publishedAt: string; documentSha256: string }; created: boolean }>;
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
  artifacts?: CompiledArtifactStore,
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
  const doc = result.doc;
  // The compiled form validation checked; compiled here only if its checks did not run.
  const compiled = (): CompiledCatalog => result.compiled ?? compileCatalog(doc);
  const writeArtifact = async (next: NextVersion) => {
    if (artifacts) await artifacts.put(compiledArtifactKey({ productId, ...next }), encodeArtifact(compiled(), next.documentSha256));
  };
  const { summary, created } = await publisher.publish(doc, now, writeArtifact);
  if (!created) await writeArtifact(summary);
  const warnings = [...findings, ...(await sellerFindings(doc, checks))];
  return { productId: summary.productId, version: summary.version, publishedAt: summary.publishedAt, created, warnings };
}
