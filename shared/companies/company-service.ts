/**
 * Companies and their contacts and standard configurations. Who may see a company: a partner
 * of its tenant, an admin, or one of its contacts; anyone else gets "not found". Who may change
 * it: a partner of its tenant, an admin, or a contact with the role `admin`.
 */
import type { CallerIdentity } from '#core/caller';
import { ForbiddenError, InvalidInputError, NotFoundError } from '#core/errors';
import { HOUSE_TENANT } from '#core/tenant';
import type { CompiledCatalogs } from '#catalog/compiled-catalogs';
import { withPickFindings } from '#catalog/pick-findings';
import { configure } from '#engine/index';
import type { CustomerLookup } from '#customers/access';
import { assembleRepeatOrder, type RepeatOrderView } from '#orders/repeat-order';
import type { Company, CompanyContact, StandardConfiguration } from './company.ts';
import type { CompanyStore } from './ports.ts';
import type { ContactRole } from './schemas.ts';

/** A company the caller may see, and the caller's own contact in it (customers). */
export interface VisibleCompany {
  company: Company;
  /** The calling customer's contact in the company; absent for partners and admins. */
  contact?: CompanyContact;
}

/** The company, if the caller may see it; NotFoundError otherwise (never "forbidden"). */
export async function visibleCompany(store: CompanyStore, caller: CallerIdentity, companyId: string): Promise<VisibleCompany> {
  const notFound = new NotFoundError(`company ${companyId} not found`);
  const company = await store.find(companyId, caller.kind === 'admin' ? undefined : caller.tenantId);
  if (!company) throw notFound;
  if (caller.kind !== 'customer') return { company };
  const contact = await store.membershipOf(caller.tenantId, caller.customerId);
  if (contact?.companyId !== companyId) throw notFound;
  return { company, contact };
}

/** The company, if the caller may change it (partner, admin, a contact with role `admin`). */
export async function managedCompany(store: CompanyStore, caller: CallerIdentity, companyId: string): Promise<Company> {
  const { company, contact } = await visibleCompany(store, caller, companyId);
  if (contact && contact.role !== 'admin') throw new ForbiddenError("only the company's admins change its contacts and standards");
  return company;
}

/** `POST /companies`: a company of the caller's tenant (partners; admins create the house's). */
export async function createCompany(
  store: CompanyStore,
  caller: CallerIdentity,
  name: string,
  companyId: string,
  now: Date,
): Promise<Company> {
  if (caller.kind === 'customer') throw new ForbiddenError('companies are created by partners and admins');
  const company: Company = {
    companyId,
    tenantId: caller.kind === 'partner' ? caller.tenantId : HOUSE_TENANT,
    name,
    createdAt: now.toISOString(),
  };
  await store.create(company);
  return company;
}

/** `POST /companies/{companyId}/contacts`: links an existing customer of the same tenant (one company per customer). */
export async function addContact(
  deps: { companies: CompanyStore; customers: CustomerLookup },
  caller: CallerIdentity,
  companyId: string,
  request: { customerId: string; role: ContactRole; spendingLimit?: number | undefined },
  now: Date,
): Promise<CompanyContact> {
  const company = await managedCompany(deps.companies, caller, companyId);
  const customer = await deps.customers.get(company.tenantId, request.customerId);
  if (!customer)
    throw new InvalidInputError(`customer ${request.customerId} is not a customer of this company's tenant`, [
      { path: ['customerId'], code: 'unknown-customer', message: 'create the customer first (POST /customers)' },
    ]);
  const contact: CompanyContact = {
    companyId,
    customerId: request.customerId,
    role: request.role,
    ...(request.spendingLimit !== undefined ? { spendingLimit: request.spendingLimit } : {}),
    addedAt: now.toISOString(),
  };
  await deps.companies.addContact(company, contact);
  return contact;
}

/** `GET /companies/{companyId}`: the company, its contacts and standards. */
export async function viewCompany(
  store: CompanyStore,
  caller: CallerIdentity,
  companyId: string,
): Promise<Company & { contacts: CompanyContact[]; standards: StandardConfiguration[] }> {
  const { company } = await visibleCompany(store, caller, companyId);
  return { ...company, ...(await store.members(company)) };
}

export interface StandardDeps {
  companies: CompanyStore;
  catalogs: CompiledCatalogs;
  now: () => Date;
}

/** `PUT /companies/{companyId}/standards/{name}`: a complete, valid configuration of today's catalog. */
export async function putStandard(
  deps: StandardDeps,
  caller: CallerIdentity,
  companyId: string,
  name: string,
  request: { productId: string; picks: string[] },
): Promise<StandardConfiguration> {
  const company = await managedCompany(deps.companies, caller, companyId);
  const { version, compiled } = await deps.catalogs.get(request.productId);
  const today = deps.now().toISOString().slice(0, 10);
  const answer = withPickFindings(request.picks, { productId: request.productId, version }, () =>
    configure(compiled, request.picks, { tier: null, today }),
  );
  if (!answer.valid || !answer.complete)
    throw new InvalidInputError('a standard configuration is a valid, complete configuration', [
      ...answer.conflicts.map((c) => ({ path: ['picks'], code: `conflict:${c.rule}`, message: c.message })),
      ...(answer.valid ? [{ path: ['picks'], code: 'incomplete', message: 'choose every required group' }] : []),
    ]);
  const standard: StandardConfiguration = {
    name,
    productId: request.productId,
    catalogVersion: version,
    picks: request.picks,
    total: answer.price.total,
    savedAt: deps.now().toISOString(),
  };
  await deps.companies.putStandard(company, standard);
  return standard;
}

/** `GET /companies/{companyId}/standards/{name}`: re-checked against today's catalog, like a repeat order. */
export async function getStandard(
  deps: StandardDeps,
  caller: CallerIdentity,
  companyId: string,
  name: string,
): Promise<RepeatOrderView & { name: string; savedAt: string }> {
  const { company } = await visibleCompany(deps.companies, caller, companyId);
  const standard = await deps.companies.getStandard(company, name);
  if (!standard) throw new NotFoundError(`company ${companyId} has no standard configuration "${name}"`);
  const { version, compiled } = await deps.catalogs.get(standard.productId);
  const view = assembleRepeatOrder({
    productId: standard.productId,
    stored: {
      catalogVersion: standard.catalogVersion,
      picks: standard.picks,
      explicitPicks: standard.picks,
      preferences: {},
      total: standard.total,
    },
    compiled,
    catalogVersion: version,
    preferences: {},
    tier: null,
    today: deps.now().toISOString().slice(0, 10),
  });
  return { name: standard.name, savedAt: standard.savedAt, ...view };
}
