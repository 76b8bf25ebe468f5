/**
 * What the company use cases need from storage, in the domain's words (`shared/store`
 * implements them).
 */
import type { Company, CompanyContact, StandardConfiguration } from './company.ts';

export interface CompanyStore {
  /** The company, its id pointer: all or nothing. */
  create(company: Company): Promise<void>;
  /** A company by id within a tenant (tenant callers) or anywhere (admins). */
  find(companyId: string, tenantId?: string): Promise<Company | undefined>;
  /**
   * Adds a contact: the contact item and the customer's membership, all or nothing; the customer
   * must exist (NotFoundError) and belong to no company yet (ConflictError).
   */
  addContact(company: Company, contact: CompanyContact): Promise<void>;
  /** The company a customer belongs to, if any, with their role and limit. */
  membershipOf(tenantId: string, customerId: string): Promise<CompanyContact | undefined>;
  /** Contacts and standards of a company. */
  members(company: Company): Promise<{ contacts: CompanyContact[]; standards: StandardConfiguration[] }>;
  putStandard(company: Company, standard: StandardConfiguration): Promise<void>;
  getStandard(company: Company, name: string): Promise<StandardConfiguration | undefined>;
}
