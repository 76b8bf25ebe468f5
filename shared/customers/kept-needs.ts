/**
 * Needs kept per product on a customer's profile: the answers they gave to a catalog's need
 * questions ("what will you mostly do?"), checked against the product's current catalog when
 * saved, so that guided selling for that product starts from them next time. A patch replaces a
 * product's needs as a whole (`null` forgets them); a customer who asked not to be profiled
 * keeps none, and erasing the profile erases them with it.
 */
import type { CatalogDocument } from '#core/catalog-document';
import type { Finding } from '#core/errors';
import { NotFoundError } from '#core/errors';
import type { CustomerProfile } from './profile.ts';

/** Most products whose needs one profile keeps. */
export const MAX_KEPT_NEED_PRODUCTS = 50;

/** The current catalog of a published product (NotFoundError when there is none). */
export type CurrentCatalog = (productId: string) => Promise<{ compiled: { doc: CatalogDocument } }>;

/** The needs part of a preferences patch: product id → answers (question id → answer id), or null to forget them. */
export type KeptNeedsPatch = Readonly<Record<string, Readonly<Record<string, string>> | null>>;

/** Every finding of a needs patch against the products' current catalogs: unknown products, questions and answers. */
export async function checkKeptNeeds(patch: KeptNeedsPatch, catalogs: CurrentCatalog): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [productId, answers] of Object.entries(patch)) {
    if (answers === null) continue;
    let doc: CatalogDocument;
    try {
      doc = (await catalogs(productId)).compiled.doc;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      findings.push({ path: ['needs', productId], code: 'unknown-product', message: `no product ${productId} is published` });
      continue;
    }
    for (const [questionId, answerId] of Object.entries(answers)) {
      const question = doc.needs?.find((n) => n.id === questionId);
      if (!question) {
        findings.push({
          path: ['needs', productId, questionId],
          code: 'unknown-need',
          message: `${productId} asks no question "${questionId}"`,
        });
      } else if (!question.answers.some((a) => a.id === answerId)) {
        findings.push({
          path: ['needs', productId, questionId],
          code: 'unknown-answer',
          message: `"${questionId}" has no answer "${answerId}" (one of ${question.answers.map((a) => a.id).join(', ')})`,
        });
      }
    }
  }
  return findings;
}

/** The kept needs after a patch (an empty answer set forgets the product too); findings when too many products would be kept. */
export function mergeKeptNeeds(
  kept: CustomerProfile['needs'],
  patch: KeptNeedsPatch,
): { needs: NonNullable<CustomerProfile['needs']>; findings: Finding[] } {
  const needs: Record<string, Record<string, string>> = { ...(kept ?? {}) };
  for (const [productId, answers] of Object.entries(patch)) {
    if (answers === null || Object.keys(answers).length === 0) delete needs[productId];
    else needs[productId] = { ...answers };
  }
  const count = Object.keys(needs).length;
  const findings: Finding[] =
    count > MAX_KEPT_NEED_PRODUCTS
      ? [
          {
            path: ['needs'],
            code: 'too-many',
            message: `a profile keeps the needs of at most ${MAX_KEPT_NEED_PRODUCTS} products (${count} asked)`,
          },
        ]
      : [];
  return { needs, findings };
}
