/** The build sheet: the parts of the selected choices, aggregated by SKU. */
import type { Choice } from '#core/catalog-document';
import type { BuildSheetLine } from './types.ts';

/** Sums quantities per SKU over the selected choices; lines sorted by SKU (code-unit order). */
export function buildSheet(selected: readonly Choice[]): BuildSheetLine[] {
  const qty = new Map<string, number>();
  for (const choice of selected) for (const part of choice.parts ?? []) qty.set(part.sku, (qty.get(part.sku) ?? 0) + part.qty);
  return [...qty].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, q]) => ({ sku, qty: q }));
}
