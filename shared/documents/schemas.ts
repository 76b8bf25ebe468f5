/**
 * The documents domain's public contract: the seller data of a tenant (the house or a partner),
 * which every invoice, packing slip and e-invoice names. Strict, with limits; validated when the
 * admin sets it, so an invoice never meets a seller it cannot print.
 */
import * as z from 'zod';

/** A postal address, as EN 16931 (BG-5 / BG-8) and a window envelope want it. */
export const PostalAddressSchema = z.strictObject({
  street: z.string().trim().min(1).max(200),
  /** A second address line (building, floor, PO box). */
  additionalStreet: z.string().trim().min(1).max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  /** ISO 3166-1 alpha-2, e.g. DE. */
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as DE'),
});
export type PostalAddress = z.infer<typeof PostalAddressSchema>;

/** `PUT /admin/tenants/{tenantId}/seller`: who sells, as printed on every invoice. */
export const SellerSchema = z.strictObject({
  /** The legal name (BT-27). */
  name: z.string().trim().min(1).max(200),
  address: PostalAddressSchema,
  /** VAT identifier with its country prefix (BT-31), e.g. DE123456789. */
  vatId: z.string().regex(/^[A-Z]{2}[A-Za-z0-9+*.]{2,13}$/, 'a VAT id with its country prefix, such as DE123456789'),
  /** Where buyers write about invoices (BT-43). */
  email: z.email().max(254),
  /** Company register number (BT-30), if any. */
  registrationId: z.string().trim().min(1).max(100).optional(),
  /** Days from the invoice date to the due date (BT-9). */
  paymentTermsDays: z.number().int().min(0).max(365),
  /** Payment terms in words (BT-20), e.g. "30 days net". */
  paymentTerms: z.string().trim().min(1).max(500),
  /** The account to pay to (BT-84), if payment is by credit transfer. */
  iban: z
    .string()
    .regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/, 'an IBAN without spaces')
    .optional(),
  /** The VAT rate in percent (BT-152) charged on orders that carry no VAT breakdown of their own. */
  vatRate: z.number().min(0).max(100),
});
export type Seller = z.infer<typeof SellerSchema>;
