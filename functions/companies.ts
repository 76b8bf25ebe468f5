/** Companies: create, link contacts, standard configurations, the company's view with its open quotes. */
import { addContact, createCompany, getStandard, putStandard, viewCompany } from '#companies/company-service';
import { newCompanyId } from '#core/ids';
import { createFunctionHandler } from '#http/handler';
import { listCompanyQuotes } from '#quotes/quote-service';
import { companyRepository, compiledCatalogs, customerRepository, quoteDeps } from './runtime.ts';

const standardDeps = { companies: companyRepository, catalogs: compiledCatalogs, now: () => quoteDeps.now() };

export const handler = createFunctionHandler('companies', {
  'POST /companies': async ({ body, caller }) => {
    const company = await createCompany(companyRepository, caller, body.name, newCompanyId(), new Date());
    const { companyId, tenantId, name } = company;
    return { status: 201, headers: { Location: `/companies/${companyId}` }, body: { companyId, tenantId, name } };
  },

  'GET /companies/{companyId}': async ({ path, caller }) => {
    const company = await viewCompany(companyRepository, caller, path.companyId);
    const quotes = await listCompanyQuotes(quoteDeps, caller, path.companyId);
    const openQuotes = quotes.filter((q) => q.status === 'open' || q.status === 'pending-approval');
    return { status: 200, body: { ...company, openQuotes } };
  },

  'POST /companies/{companyId}/contacts': async ({ path, body, caller }) => ({
    status: 201,
    body: await addContact({ companies: companyRepository, customers: customerRepository }, caller, path.companyId, body, new Date()),
  }),

  'PUT /companies/{companyId}/standards/{name}': async ({ path, body, caller }) => ({
    status: 200,
    body: await putStandard(standardDeps, caller, path.companyId, path.name, body),
  }),

  'GET /companies/{companyId}/standards/{name}': async ({ path, caller }) => ({
    status: 200,
    body: await getStandard(standardDeps, caller, path.companyId, path.name),
  }),
});
