/**
 * The company domain's public contract: the zod schemas of what callers send. No logic.
 */
import * as z from 'zod';
import { ChoiceRefSchema, IdSchema } from '#core/catalog-document';

export const CONTACT_ROLES = ['buyer', 'approver', 'admin'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const ContactRoleSchema = z.enum(CONTACT_ROLES);

export const CompanyIdSchema = z.string().regex(/^co_[0-9A-Z]{26}$/, 'a company id');

/** `POST /companies`. */
export const CreateCompanySchema = z.strictObject({ name: z.string().min(1).max(200) });

/** `POST /companies/{companyId}/contacts`. */
export const AddContactSchema = z.strictObject({
  customerId: IdSchema,
  role: ContactRoleSchema,
  /** The largest gross (minor units) this contact may accept without an approver; absent: no limit. */
  spendingLimit: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** The name of a standard configuration (a path segment). */
export const StandardNameSchema = IdSchema;

/** `PUT /companies/{companyId}/standards/{name}`. */
export const PutStandardSchema = z.strictObject({ productId: IdSchema, picks: z.array(ChoiceRefSchema).min(1).max(2_000) });
