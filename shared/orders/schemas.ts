/**
 * The order domain's public contract: the zod schemas callers' values are checked against.
 * No logic.
 */
import * as z from 'zod';

export const ORDER_STATUSES = ['placed', 'in-production', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatusSchema = z.enum(ORDER_STATUSES);

/**
 * A gift: the order goes to someone else, named and addressed here. Stored on the order (the
 * recipient's name and address are personal data: erasing the customer removes them from every
 * order) and never remembered.
 */
export const GiftSchema = z.strictObject({
  recipient: z.strictObject({
    name: z.string().trim().min(1).max(200),
    /** Street, number, flat: one to four lines. */
    addressLines: z.array(z.string().trim().min(1).max(200)).min(1).max(4),
    postalCode: z.string().trim().min(1).max(20).optional(),
    city: z.string().trim().min(1).max(100),
    /** ISO 3166-1 alpha-2, e.g. `DE`. */
    country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. DE'),
  }),
  /** Printed on the gift card. */
  message: z.string().trim().min(1).max(500).optional(),
});
export type Gift = z.infer<typeof GiftSchema>;
/** ISO 3166-1 alpha-2; whether VAT is known for it is the pricing's decision (422 naming `/shipTo/country`). */
export const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as DE');

/** Where an order or quote ships: the country sets the VAT. */
export const ShipToSchema = z.strictObject({
  country: CountryCodeSchema,
  name: z.string().min(1).max(200).optional(),
  addressLines: z.array(z.string().min(1).max(200)).min(1).max(4).optional(),
  postalCode: z.string().min(1).max(20).optional(),
  city: z.string().min(1).max(100).optional(),
});
export type ShipTo = z.infer<typeof ShipToSchema>;

/** How many units one line may hold. */
export const MAX_LINE_QUANTITY = 10_000;
export const QuantitySchema = z.number().int().min(1).max(MAX_LINE_QUANTITY);
