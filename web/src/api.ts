/**
 * The public HTTP API, and nothing else: every call the page makes goes through here.
 * Locally the API shares the page's origin; in AWS the CDK deployment writes `config.json`
 * next to index.html with `apiUrl`. Problems (RFC 9457) become `ApiError`s whose message is a
 * sentence a customer can read.
 */
import type { CatalogDocument } from '../../shared/core/catalog-document.ts';
import type { CustomerView } from '../../shared/customers/customer-service.ts';
import type { Preferences } from '../../shared/customers/profile.ts';
import type { ConfigureAnswer } from '../../shared/engine/types.ts';
import type { Gift, Order } from '../../shared/orders/order.ts';
import type { RepeatOrderView } from '../../shared/orders/repeat-order.ts';
import type { RememberedConfiguration } from '../../shared/customers/ports.ts';
import type { ContinuedConfiguration } from '../../shared/customers/configurations.ts';
import type { RecommendedChoice } from '../../shared/recommend/configure-recommendations.ts';
import { sentence } from './format.ts';
import { session } from './session.ts';
import type { HostedSignIn } from './hosted-sign-in.ts';

export type {
  CatalogDocument,
  ConfigureAnswer,
  ContinuedConfiguration,
  CustomerView,
  Gift,
  Order,
  Preferences,
  RecommendedChoice,
  RememberedConfiguration,
  RepeatOrderView,
};

/**
 * `POST /products/{id}/configure` adds the preference picks it filled in, and on every open
 * group the recommended choice (learned from orders, or the catalog's standard one).
 */
export interface ConfigureResponse extends Omit<ConfigureAnswer, 'groups'> {
  groups: (ConfigureAnswer['groups'][number] & { recommended?: RecommendedChoice })[];
  prefilled: { pick: string; source: 'preference' }[];
  customerId?: string;
}

export interface ProductSummary {
  productId: string;
  version: number;
  name: string;
  currency: string;
  publishedAt: string;
}

export interface PublishedProduct {
  productId: string;
  version: number;
  publishedAt: string;
  document: CatalogDocument;
}

interface ProblemBody {
  type?: string;
  title?: string;
  detail?: string;
  errors?: { message?: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problemType?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to tell the customer about a failure: the API's own sentence, or a plain fallback. */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong on this page. Please reload it and try again.';
}

/** "the configuration is not complete" + ["choose a psu"] → "The configuration is not complete: choose a psu." */
export function problemSentence(problem: ProblemBody, status: number): string {
  const detail = problem.detail ?? problem.title ?? `the request failed (${status})`;
  const findings = (problem.errors ?? []).map((e) => e.message).filter((m): m is string => !!m);
  return sentence(findings.length ? `${detail.replace(/[.:]\s*$/, '')}: ${findings.join('; ')}` : detail);
}

let apiBase = '';
let hostedSignIn: HostedSignIn | undefined;

/**
 * Reads `config.json` once; without it (locally) the API is on the page's own origin and
 * customers sign in with `POST /dev/login`. With it (AWS): the API URL and Cognito's hosted page.
 */
export async function loadApiBase(): Promise<void> {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) return;
    const config = (await response.json()) as { apiUrl?: unknown; signInUrl?: unknown; userPoolClientId?: unknown };
    if (typeof config.apiUrl === 'string' && config.apiUrl) apiBase = config.apiUrl.replace(/\/+$/, '');
    if (typeof config.signInUrl === 'string' && typeof config.userPoolClientId === 'string') {
      hostedSignIn = { signInUrl: config.signInUrl, clientId: config.userPoolClientId, redirectUri: `${window.location.origin}/` };
    }
  } catch {
    // No config: same origin.
  }
}

/** Cognito's hosted sign-in page, when the page runs in AWS. */
export function hostedSignInConfig(): HostedSignIn | undefined {
  return hostedSignIn;
}

interface Answer<T> {
  status: number;
  data: T;
  headers: Headers;
}

/** Called when the API says the token is no longer good, so the app can ask to sign in again. */
let onSignedOut: (message: string) => void = () => {};
export function whenSignedOut(handler: (message: string) => void): void {
  onSignedOut = handler;
}

async function call<T>(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = session.current()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'The service does not answer. Check your connection and try again.');
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const problem = (data && typeof data === 'object' ? data : {}) as ProblemBody;
    const error = new ApiError(response.status, problemSentence(problem, response.status), problem.type);
    if (response.status === 401 && token) onSignedOut('Your session has ended. Please sign in again.');
    throw error;
  }
  return { status: response.status, data: data as T, headers: response.headers };
}

const path = (...segments: string[]) => `/${segments.map(encodeURIComponent).join('/')}`;

/** `If-Match` needs the version: the ETag when the browser may read it, else the body's `version`. */
function versionTag(headers: Headers, configuration: RememberedConfiguration): string {
  return headers.get('etag') ?? `"${configuration.version}"`;
}

export const api = {
  async signIn(email: string): Promise<{ token: string; customerId: string }> {
    const { data } = await call<{ token: string; customerId: string }>('POST', '/dev/login', { body: { email } });
    return data;
  },

  async products(): Promise<ProductSummary[]> {
    return (await call<{ items: ProductSummary[] }>('GET', '/products')).data.items;
  },

  async product(productId: string, version?: number): Promise<PublishedProduct> {
    return (await call<PublishedProduct>('GET', `${path('products', productId)}${version ? `?version=${version}` : ''}`)).data;
  },

  async configure(productId: string, picks: string[], customerId: string): Promise<ConfigureResponse> {
    return (await call<ConfigureResponse>('POST', `${path('products', productId)}/configure`, { body: { picks, customerId } })).data;
  },

  /**
   * The remembered configuration as it continues today (re-checked against the current catalog,
   * with `repaired` saying what changed since it was saved) and its version tag, or `null` when
   * none is remembered.
   */
  async savedConfiguration(customerId: string, productId: string): Promise<{ configuration: ContinuedConfiguration; tag: string } | null> {
    try {
      const { data, headers } = await call<ContinuedConfiguration>('GET', path('customers', customerId, 'configurations', productId));
      return { configuration: data, tag: versionTag(headers, data) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },

  /** Saves where the customer stopped; `tag` is the version last read (none for a first save). 412 when it changed elsewhere. */
  async saveConfiguration(
    customerId: string,
    productId: string,
    picks: string[],
    tag: string | undefined,
  ): Promise<{ configuration: RememberedConfiguration; tag: string }> {
    const { data, headers } = await call<RememberedConfiguration>('PUT', path('customers', customerId, 'configurations', productId), {
      body: { picks },
      ...(tag ? { headers: { 'if-match': tag } } : {}),
    });
    return { configuration: data, tag: versionTag(headers, data) };
  },

  async repeatOrder(customerId: string, productId: string): Promise<RepeatOrderView | null> {
    try {
      return (await call<RepeatOrderView>('GET', path('customers', customerId, 'repeat-orders', productId))).data;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },

  async placeOrder(
    body: ({ picks: string[] } | { fromRepeatOrder: true }) & { customerId: string; productId: string; remember?: boolean; gift?: Gift },
    idempotencyKey: string,
  ): Promise<Order> {
    return (await call<Order>('POST', '/orders', { body, headers: { 'idempotency-key': idempotencyKey } })).data;
  },

  async order(orderId: string): Promise<Order> {
    return (await call<Order>('GET', path('orders', orderId))).data;
  },

  /** One page of the customer's orders, newest first; `nextCursor` reads the next page. */
  async orders(customerId: string, cursor?: string): Promise<{ items: Order[]; nextCursor?: string }> {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    return (await call<{ items: Order[]; nextCursor?: string }>('GET', `${path('customers', customerId, 'orders')}${query}`)).data;
  },

  /** Cancels an order (customers may only cancel, and only before it ships); the order as it is now. */
  async cancelOrder(orderId: string): Promise<Order> {
    return (await call<Order>('POST', `${path('orders', orderId)}/status`, { body: { status: 'cancelled' } })).data;
  },

  /** Erases the customer's personal data and memory; their orders stay, pseudonymised. */
  async eraseCustomer(customerId: string): Promise<void> {
    await call<undefined>('DELETE', path('customers', customerId));
  },

  async customer(customerId: string): Promise<CustomerView> {
    return (await call<CustomerView>('GET', path('customers', customerId))).data;
  },

  async updatePreferences(
    customerId: string,
    patch: Partial<Record<keyof Preferences, string | null>> & { answers?: Record<string, string | null>; doNotProfile?: boolean },
  ): Promise<CustomerView> {
    return (await call<CustomerView>('PATCH', `${path('customers', customerId)}/preferences`, { body: patch })).data;
  },
};

/** A fresh Idempotency-Key (crypto.randomUUID exists on https and localhost; the fallback covers older browsers). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
