/**
 * Signing in on Cognito's hosted page (in AWS): the authorization-code flow with PKCE for a
 * public client. The page sends the customer to `<signInUrl>/oauth2/authorize`, Cognito sends
 * them back with `?code=…&state=…`, and the page exchanges the code for tokens. The ID token
 * names the customer (`custom:customerId`, added by the token-claims trigger).
 * Locally there is no hosted page: the page signs in with `POST /dev/login` instead.
 */

/** What `config.json` says about the hosted page. */
export interface HostedSignIn {
  signInUrl: string;
  clientId: string;
  /** Where Cognito sends the customer back: the page itself. */
  redirectUri: string;
}

const PENDING_KEY = 'configurator.signin';

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A PKCE verifier (RFC 7636: 43+ characters of URL-safe random) and its S256 challenge. */
export async function pkcePair(
  random: Uint8Array = crypto.getRandomValues(new Uint8Array(32)),
): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64Url(random);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64Url(digest) };
}

/** The hosted page's authorize URL for this sign-in attempt. */
export function authorizeUrl(config: HostedSignIn, challenge: string, state: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${config.signInUrl.replace(/\/+$/, '')}/oauth2/authorize?${query}`;
}

/** The token request that turns the returned code into tokens (a form POST, no secret). */
export function tokenRequest(config: HostedSignIn, code: string, verifier: string): { url: string; body: string } {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code,
    redirect_uri: config.redirectUri,
    code_verifier: verifier,
  });
  return { url: `${config.signInUrl.replace(/\/+$/, '')}/oauth2/token`, body: body.toString() };
}

/** The claims of a JWT's payload (not verified here: the API verifies every token it gets). */
export function tokenClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const padded = payload
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(payload.length / 4) * 4, '=');
  try {
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Sends the customer to the hosted page, remembering the verifier and state for the way back. */
export async function startHostedSignIn(config: HostedSignIn): Promise<void> {
  const { verifier, challenge } = await pkcePair();
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  window.location.assign(authorizeUrl(config, challenge, state));
}

/**
 * On the way back from the hosted page: exchanges the code, and returns the signed-in
 * customer; `undefined` when this page load is not a return from the hosted page.
 */
export async function finishHostedSignIn(
  config: HostedSignIn,
  location: Location = window.location,
): Promise<{ token: string; customerId: string; email: string } | undefined> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  // Drop ?code=… from the address bar whatever happens: it is single-use.
  history.replaceState(null, '', location.pathname + location.hash);
  if (!pending || pending.state !== query.get('state')) throw new Error('The sign-in could not be completed; please sign in again.');
  const request = tokenRequest(config, code, pending.verifier);
  const response = await fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: request.body,
  });
  if (!response.ok) throw new Error('The sign-in could not be completed; please sign in again.');
  const tokens = (await response.json()) as { id_token?: string };
  const claims = tokenClaims(tokens.id_token ?? '');
  const customerId = claims['custom:customerId'];
  if (!tokens.id_token || typeof customerId !== 'string')
    throw new Error('Your account is not linked to a customer yet; please sign in again.');
  return { token: tokens.id_token, customerId, email: typeof claims.email === 'string' ? claims.email : '' };
}
