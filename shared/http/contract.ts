/**
 * The HTTP contract: every route of the API, declared once in `api/<area>.ts` with the zod
 * schemas of what it accepts (path parameters, query, headers, body) and of what it answers
 * (success statuses and the problems it can send). The handlers are generated from it
 * (handler.ts), the route table of the CDK stack and the local server is derived from it
 * (routes.ts), and `openapi.ts` documents it: they cannot drift.
 *
 * Request schemas are strict (an unknown key anywhere is refused). Response schemas document
 * what the handlers send; they are strict too, so the tests that parse real responses with them
 * notice an undocumented field. The OpenAPI document leaves responses open (clients must ignore
 * fields they do not know: new ones may appear).
 */
import type * as z from 'zod';
import { CatalogDocumentSchema } from '#core/catalog-document';
import { CreateCustomerSchema, PreferencesPatchSchema, PreferencesSchema } from '#customers/schemas';
import { CreatePartnerSchema, IssueKeySchema, UpdatePartnerSchema } from '#partners/schemas';
import {
  CATALOG_ROUTES,
  CompleteAnswerSchema,
  CompleteBodySchema,
  ConfigureAnswerSchema,
  ConfigureBodySchema,
  ProductListSchema,
  ProductSchema,
  ProductSummarySchema,
  PublishOutcomeSchema,
} from './api/catalog.ts';
import { BuildSheetSchema, FindingSchema, PriceBreakdownSchema, ProblemSchema, PromisedDatesSchema, type RouteSpec } from './api/common.ts';
import {
  CUSTOMER_ROUTES,
  CustomerCreatedSchema,
  CustomerViewSchema,
  MergeBodySchema,
  RememberedConfigurationSchema,
  SaveConfigurationSchema,
} from './api/customers.ts';
import {
  COMPANY_ROUTES,
  CompanyCreatedSchema,
  CompanyViewSchema,
  ContactSchema,
  StandardSchema,
  StandardViewSchema,
} from './api/companies.ts';
import { HEALTH_ROUTES, HealthSchema } from './api/health.ts';
import { QUOTE_ROUTES, QuoteListSchema, QuoteSchema } from './api/quotes.ts';
import { AddContactSchema, CreateCompanySchema, PutStandardSchema } from '#companies/schemas';
import { CreateQuoteSchema, QuoteDecisionSchema } from '#quotes/schemas';
import { ORDER_ROUTES, OrderListSchema, OrderSchema, PlaceOrderSchema, RepeatOrderSchema, StatusBodySchema } from './api/orders.ts';
import { ApiKeyIssuedSchema, PARTNER_ROUTES, PartnerCreatedSchema, PartnerViewSchema } from './api/partners.ts';
import { TierSettingsSchema } from '#customers/schemas';
import { RecommendationSettingsSchema } from '#recommend/schemas';
import { SellerSchema } from '#documents/schemas';
import {
  RecommendationSettingsViewSchema,
  SellerViewSchema,
  TENANT_ROUTES,
  TierChangeSchema,
  TierChangesPageSchema,
  TierSettingsViewSchema,
} from './api/tenants.ts';
import { PutWebhookSchema } from '#webhooks/schemas';
import { WEBHOOK_ROUTES, WebhookRegisteredSchema, WebhookViewSchema } from './api/webhooks.ts';

export * from './api/catalog.ts';
export * from './api/common.ts';
export * from './api/companies.ts';
export * from './api/quotes.ts';
export * from './api/customers.ts';
export * from './api/health.ts';
export * from './api/orders.ts';
export * from './api/partners.ts';
export * from './api/tenants.ts';
export * from './api/webhooks.ts';

/** Every route, keyed `"<METHOD> <path>"`, in the order the OpenAPI document lists them. */
export const CONTRACT = {
  ...HEALTH_ROUTES,
  ...CATALOG_ROUTES,
  ...PARTNER_ROUTES,
  ...WEBHOOK_ROUTES,
  ...CUSTOMER_ROUTES,
  ...ORDER_ROUTES,
  ...COMPANY_ROUTES,
  ...QUOTE_ROUTES,
  ...TENANT_ROUTES,
} as const satisfies Record<string, RouteSpec>;

export type Contract = typeof CONTRACT;
export type RouteKey = keyof Contract;

/** The contract of a route, or an error naming the route. */
export function contractOf(method: string, path: string): RouteSpec {
  const contract = (CONTRACT as Record<string, RouteSpec>)[`${method} ${path}`];
  if (!contract) throw new Error(`shared/http/contract.ts has no route ${method} ${path}`);
  return contract;
}

/** Named request and response schemas: `components.schemas` of the OpenAPI document. */
export const REQUEST_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  CatalogDocument: CatalogDocumentSchema,
  ConfigureRequest: ConfigureBodySchema,
  CompleteRequest: CompleteBodySchema,
  MergeRequest: MergeBodySchema,
  CreatePartnerRequest: CreatePartnerSchema,
  UpdatePartnerRequest: UpdatePartnerSchema,
  IssueKeyRequest: IssueKeySchema,
  CreateCustomerRequest: CreateCustomerSchema,
  PreferencesPatch: PreferencesPatchSchema,
  Preferences: PreferencesSchema,
  SaveConfigurationRequest: SaveConfigurationSchema,
  PlaceOrderRequest: PlaceOrderSchema,
  OrderStatusChange: StatusBodySchema,
  TierSettings: TierSettingsSchema,
  CreateCompanyRequest: CreateCompanySchema,
  AddContactRequest: AddContactSchema,
  PutStandardRequest: PutStandardSchema,
  CreateQuoteRequest: CreateQuoteSchema,
  QuoteDecisionRequest: QuoteDecisionSchema,
  RecommendationSettings: RecommendationSettingsSchema,
  PutWebhookRequest: PutWebhookSchema,
  Seller: SellerSchema,
};
export const RESPONSE_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Problem: ProblemSchema,
  Finding: FindingSchema,
  Health: HealthSchema,
  ProductSummary: ProductSummarySchema,
  ProductList: ProductListSchema,
  Product: ProductSchema,
  PublishedCatalogDocument: CatalogDocumentSchema,
  PublishOutcome: PublishOutcomeSchema,
  ConfigureAnswer: ConfigureAnswerSchema,
  CompleteAnswer: CompleteAnswerSchema,
  PriceBreakdown: PriceBreakdownSchema,
  PromisedDates: PromisedDatesSchema,
  BuildSheet: BuildSheetSchema,
  CustomerCreated: CustomerCreatedSchema,
  Customer: CustomerViewSchema,
  RememberedConfiguration: RememberedConfigurationSchema,
  RepeatOrder: RepeatOrderSchema,
  Order: OrderSchema,
  OrderList: OrderListSchema,
  CompanyCreated: CompanyCreatedSchema,
  Company: CompanyViewSchema,
  CompanyContact: ContactSchema,
  StandardConfiguration: StandardSchema,
  StandardConfigurationView: StandardViewSchema,
  Quote: QuoteSchema,
  QuoteList: QuoteListSchema,
  PartnerCreated: PartnerCreatedSchema,
  ApiKeyIssued: ApiKeyIssuedSchema,
  Partner: PartnerViewSchema,
  TierSettingsView: TierSettingsViewSchema,
  RecommendationSettingsView: RecommendationSettingsViewSchema,
  TierChange: TierChangeSchema,
  TierChangesPage: TierChangesPageSchema,
  Webhook: WebhookViewSchema,
  WebhookRegistered: WebhookRegisteredSchema,
  SellerView: SellerViewSchema,
};
