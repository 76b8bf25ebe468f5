/**
 * The handler module of every function, for the local server. `Record<FunctionId, …>` makes
 * the compiler refuse a route table entry with no handler here.
 */
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { FunctionId } from '#http/routes';

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
export type AuthorizerHandler = (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

export const FUNCTION_MODULES: Record<FunctionId, () => Promise<{ handler: ProxyHandler }>> = {
  health: () => import('#functions/health'),
  catalog: () => import('#functions/catalog'),
  admin: () => import('#functions/admin'),
  customers: () => import('#functions/customers'),
  orders: () => import('#functions/orders'),
  partners: () => import('#functions/partners'),
  webhooks: () => import('#functions/webhooks'),
  companies: () => import('#functions/companies'),
  quotes: () => import('#functions/quotes'),
  documents: () => import('#functions/documents'),
};

export const AUTHORIZER_MODULE: () => Promise<{ handler: AuthorizerHandler }> = () => import('#functions/authorizer');
