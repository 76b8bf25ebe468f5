/** Companies buying as one: contacts with roles and spending limits, standard configurations. */
import * as z from 'zod';
import { ChoiceRefSchema, IdSchema } from '#core/catalog-document';
import {
  AddContactSchema,
  CompanyIdSchema,
  ContactRoleSchema,
  CreateCompanySchema,
  PutStandardSchema,
  StandardNameSchema,
} from '#companies/schemas';
import { BODY_PROBLEMS, CALLER_PROBLEMS, DEFAULT_MAX_BODY_BYTES, route, TimestampSchema } from './common.ts';
import { RepeatOrderSchema } from './orders.ts';
import { QuoteSchema } from './quotes.ts';

export const CompanyPathSchema = z.strictObject({ companyId: CompanyIdSchema });
export const StandardPathSchema = z.strictObject({ companyId: CompanyIdSchema, name: StandardNameSchema });

export const CompanyCreatedSchema = z.strictObject({ companyId: CompanyIdSchema, tenantId: z.string(), name: z.string() });
export const ContactSchema = z.strictObject({
  companyId: CompanyIdSchema,
  customerId: IdSchema,
  role: ContactRoleSchema,
  spendingLimit: z.number().int().optional().describe('The largest gross this contact accepts without an approver; absent: no limit'),
  addedAt: TimestampSchema,
});
export const StandardSchema = z.strictObject({
  name: StandardNameSchema,
  productId: IdSchema,
  catalogVersion: z.number().int().min(1),
  picks: z.array(ChoiceRefSchema),
  total: z.number().int().describe('List price when saved'),
  savedAt: TimestampSchema,
});
/** A standard configuration re-checked against today's catalog, like a repeat order. */
export const StandardViewSchema = z.strictObject({ ...RepeatOrderSchema.shape, name: StandardNameSchema, savedAt: TimestampSchema });
export const CompanyViewSchema = z.strictObject({
  companyId: CompanyIdSchema,
  tenantId: z.string(),
  name: z.string(),
  createdAt: TimestampSchema,
  contacts: z.array(ContactSchema),
  standards: z.array(StandardSchema),
  openQuotes: z.array(QuoteSchema).describe('Quotes still open or waiting for an approver, newest first'),
});

export const COMPANY_ROUTES = {
  'POST /companies': route({
    function: 'companies',
    auth: 'caller',
    summary: "Create a company of the caller's tenant (partners, admins)",
    operationId: 'createCompany',
    tag: 'companies',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    body: { schema: CreateCompanySchema, description: 'The company name' },
    responses: { 201: { description: 'The company', schema: CompanyCreatedSchema, headers: { Location: 'The company' } } },
    problems: [...CALLER_PROBLEMS, 403, ...BODY_PROBLEMS],
  }),
  'GET /companies/{companyId}': route({
    function: 'companies',
    auth: 'caller',
    summary: 'A company: contacts, standard configurations, open quotes (partner, admin, its contacts)',
    operationId: 'getCompany',
    tag: 'companies',
    path: CompanyPathSchema,
    responses: { 200: { description: 'The company', schema: CompanyViewSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'POST /companies/{companyId}/contacts': route({
    function: 'companies',
    auth: 'caller',
    summary: 'Link an existing customer of the same tenant as a contact (partner, admin, a company admin)',
    operationId: 'addCompanyContact',
    tag: 'companies',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: CompanyPathSchema,
    body: { schema: AddContactSchema, description: 'The customer, their role and optional spending limit (gross, minor units)' },
    responses: { 201: { description: 'The contact', schema: ContactSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, 409, ...BODY_PROBLEMS],
    description: 'A customer belongs to at most one company: a second link answers 409.',
  }),
  'PUT /companies/{companyId}/standards/{name}': route({
    function: 'companies',
    auth: 'caller',
    summary: 'Save a named standard configuration (partner, admin, a company admin)',
    operationId: 'putCompanyStandard',
    tag: 'companies',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: StandardPathSchema,
    body: { schema: PutStandardSchema, description: "A valid, complete configuration of today's catalog" },
    responses: { 200: { description: 'The standard configuration as saved', schema: StandardSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, ...BODY_PROBLEMS],
  }),
  'GET /companies/{companyId}/standards/{name}': route({
    function: 'companies',
    auth: 'caller',
    summary: "A standard configuration, re-checked against today's catalog (partner, admin, its contacts)",
    operationId: 'getCompanyStandard',
    tag: 'companies',
    path: StandardPathSchema,
    responses: { 200: { description: 'Ready, repaired (what changed and why) or needing a decision', schema: StandardViewSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
} as const;
