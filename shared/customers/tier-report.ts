/**
 * `GET /admin/reports/tier-changes?tenantId=`: the tenant's tier changes and win-back signals,
 * as the nightly job recorded them (win-back.ts), newest first, a page at a time. Admins only
 * (the route says so); a tenant that does not exist is 404, one without changes an empty page.
 */
import { requireTenant } from '#core/tenant';
import type { PageCursors } from '#core/page-cursors';
import type { TierChange } from './win-back.ts';

/** Reads a tenant's report, newest first, continuing after a position. */
export interface TierReportStore {
  listTierChanges(tenantId: string, limit: number, after?: string): Promise<{ items: TierChange[]; next?: string }>;
}

export interface TierReportDeps {
  report: TierReportStore;
  partners: { find(partnerId: string): Promise<unknown> };
  cursors: PageCursors;
}

export interface TierChangesPage {
  items: Omit<TierChange, 'tenantId'>[];
  nextCursor?: string;
}

export async function tierChangesReport(
  deps: TierReportDeps,
  tenantId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<TierChangesPage> {
  await requireTenant(tenantId, (id) => deps.partners.find(id));
  const scope = `tier-changes:${tenantId}`;
  const after = page.cursor === undefined ? undefined : deps.cursors.decode(page.cursor, scope);
  const { items, next } = await deps.report.listTierChanges(tenantId, page.limit, after);
  return {
    items: items.map(({ tenantId: _tenant, ...line }) => line),
    ...(next !== undefined ? { nextCursor: deps.cursors.encode(next, scope) } : {}),
  };
}
