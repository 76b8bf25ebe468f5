/**
 * The selling use cases' public contract: the zod schemas of the guided-selling inputs callers
 * send (`budget`, `needs`, `goal`). No logic: the HTTP layer validates requests with these.
 */
import * as z from 'zod';
import { IdSchema } from '#core/catalog-document';

/** The largest budget accepted: one billion in major units, in minor units (the catalog's money bound). */
export const MAX_BUDGET = 1_000_000_000_00;

/** The highest total the customer will pay, minor units at the caller's prices. */
export const BudgetSchema = z
  .number()
  .int('a budget is a whole number of minor units')
  .positive('a budget is positive')
  .max(MAX_BUDGET)
  .describe("The highest total, in minor units at the caller's prices (e.g. 120000 for €1,200.00)");

/** Most need questions a catalog may ask (CATALOG_LIMITS.needs): the most answers one request may state. */
export const MAX_STATED_NEEDS = 100;

/** Stated answers to the catalog's need questions: answer id by question id, e.g. `{ "use": "video" }`. */
export const StatedNeedsSchema = z
  .record(IdSchema, IdSchema)
  .refine((needs) => Object.keys(needs).length <= MAX_STATED_NEEDS, `at most ${MAX_STATED_NEEDS} answers`)
  .describe('Answers to the catalog\'s need questions, by question id (e.g. `{ "use": "video" }`)');

/** What `complete` optimises. */
export const CompletionGoalSchema = z
  .enum(['cheapest', 'needs', 'popular'])
  .describe(
    "`cheapest`: the lowest total; `needs`: the highest sum of the stated answers' preferences, then the lowest total; `popular`: the most likely configuration under the learned order statistics, then the lowest total",
  );
