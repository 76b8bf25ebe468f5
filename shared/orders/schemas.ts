/**
 * The order domain's public contract: the zod schemas callers' values are checked against.
 * No logic.
 */
import * as z from 'zod';

export const ORDER_STATUSES = ['placed', 'in-production', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
