/**
 * Companies buying as one: a company of a tenant has contacts (customers of the same tenant,
 * each in at most one company) with a role and an optional spending limit, and named standard
 * configurations its contacts share.
 */
import type { ContactRole } from './schemas.ts';

export type { ContactRole };

export interface Company {
  companyId: string;
  tenantId: string;
  name: string;
  createdAt: string;
}

export interface CompanyContact {
  companyId: string;
  customerId: string;
  role: ContactRole;
  /** The largest gross (minor units) this contact may accept without an approver; absent: no limit. */
  spendingLimit?: number;
  addedAt: string;
}

/** A named configuration the company's contacts order again and again. */
export interface StandardConfiguration {
  name: string;
  productId: string;
  /** The catalog version the picks were checked against when saved. */
  catalogVersion: number;
  picks: string[];
  /** Its list price when saved, to show what changed since. */
  total: number;
  savedAt: string;
}

/** May this contact decide on a quote over someone's limit? */
export function mayApprove(contact: CompanyContact): boolean {
  return contact.role === 'approver' || contact.role === 'admin';
}

/** May this contact accept a quote of this gross without an approver? */
export function withinLimit(contact: CompanyContact | undefined, gross: number): boolean {
  return contact?.spendingLimit === undefined || gross <= contact.spendingLimit;
}
