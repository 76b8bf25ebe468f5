/**
 * The invoice of an order, on request (`GET /orders/{orderId}/invoice`): only its owner (a
 * foreign order is "not found"), only once shipped (before, a conflict naming its status), in
 * the format of its invoice-format pick, naming the seller of its tenant (else the house's).
 * Rendering is deterministic (fixed PDF dates), and the number and issue date come from the
 * order's immutable invoice record.
 */
import type { CallerIdentity } from '#core/caller';
import type { CatalogDocument, InvoiceFormat } from '#core/catalog-document';
import { parseChoiceRef } from '#core/choice-ref';
import { ConflictError } from '#core/errors';
import { groupOfRole } from '#core/service-roles';
import { ownedOrder, type OrderLookup } from '#orders/access';
import type { Order } from '#orders/order';
import { invoiceDataOf, type DocumentOrder, type DocumentParty } from './invoice-data.ts';
import { renderInvoice, type RenderedDocument } from './invoice-document.ts';
import { sellerOf, type SellerStore } from './seller.ts';

export interface OrderInvoiceDeps {
  orders: OrderLookup;
  sellers: Pick<SellerStore, 'storedSeller'>;
  /** The catalog the order was sold under (its version), for names and the invoice format. */
  catalog(productId: string, version: number): Promise<CatalogDocument>;
  /** Who the invoice is addressed to (the customer's name and contact details). */
  buyer(order: Order): Promise<DocumentParty>;
}

/** The format of the order's invoice-format pick; `pdf` when the catalog has no such group or the choice no format. */
export function invoiceFormatOf(doc: CatalogDocument, picks: readonly string[]): InvoiceFormat {
  const group = groupOfRole(doc, 'invoice-format');
  const pick = group && picks.map(parseChoiceRef).find((ref) => ref?.group === group.id);
  return group?.choices.find((c) => c.id === pick?.choice)?.format ?? 'pdf';
}

/** The order as the documents see it, named after its catalog. */
export function documentOrderOf(order: Order, doc: CatalogDocument, buyer: DocumentParty): DocumentOrder {
  const configuration = order.picks.flatMap((pick) => {
    const ref = parseChoiceRef(pick);
    const group = doc.groups.find((g) => g.id === ref?.group);
    const choice = group?.choices.find((c) => c.id === ref?.choice);
    return group && choice ? [{ group: group.name ?? group.id, choice: choice.name ?? choice.id }] : [];
  });
  const packagingGroup = groupOfRole(doc, 'packaging');
  const packagingPick = packagingGroup && order.picks.map(parseChoiceRef).find((ref) => ref?.group === packagingGroup.id);
  const packaging = packagingGroup?.choices.find((c) => c.id === packagingPick?.choice);
  return {
    orderId: order.orderId,
    productId: order.productId,
    productName: doc.name,
    price: order.price,
    buildSheet: order.buildSheet,
    placedAt: order.placedAt,
    buyer,
    configuration,
    ...(packaging ? { packaging: { name: packaging.name ?? packaging.id, gift: packaging.gift === true } } : {}),
  };
}

/** `GET /orders/{orderId}/invoice`: the issued invoice, rendered in the chosen format. */
export async function orderInvoice(deps: OrderInvoiceDeps, caller: CallerIdentity, orderId: string): Promise<RenderedDocument> {
  const order = await ownedOrder(caller, orderId, deps.orders);
  if (!order.invoice) throw new ConflictError(`order ${orderId} is ${order.status}: its invoice is issued when it ships`);
  const seller = await sellerOf(deps.sellers, order.tenantId);
  if (!seller) throw new ConflictError(`no seller data is set for tenant ${order.tenantId} (PUT /admin/tenants/{tenantId}/seller)`);
  const [doc, buyer] = await Promise.all([deps.catalog(order.productId, order.catalogVersion), deps.buyer(order)]);
  const data = invoiceDataOf(documentOrderOf(order, doc, buyer), seller, order.invoice.number, order.invoice.issuedAt);
  return renderInvoice(data, invoiceFormatOf(doc, order.picks));
}
