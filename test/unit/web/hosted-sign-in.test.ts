/**
 * The hosted sign-in flow's pure parts: PKCE as RFC 7636 defines it, the authorize and token
 * requests Cognito expects, and reading the customer from an ID token.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizeUrl, pkcePair, tokenClaims, tokenRequest } from '../../../web/src/hosted-sign-in.ts';

const config = {
  signInUrl: 'https://configurator-abc.auth.eu-west-1.amazoncognito.com/',
  clientId: 'client123',
  redirectUri: 'https://d111.cloudfront.net/',
};

describe('hosted sign-in', () => {
  it('derives the S256 challenge from the verifier as RFC 7636 says', async () => {
    // Prepare
    const random = new Uint8Array(32).map((_, i) => i * 7);
    // Act
    const { verifier, challenge } = await pkcePair(random);
    // Assess
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('asks Cognito for a code with PKCE, and exchanges it without a secret', () => {
    // Act
    const url = new URL(authorizeUrl(config, 'challenge-xyz', 'state-1'));
    const token = tokenRequest(config, 'code-1', 'verifier-1');
    // Assess
    expect(url.origin + url.pathname).toBe('https://configurator-abc.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://d111.cloudfront.net/',
      scope: 'openid email',
      code_challenge: 'challenge-xyz',
      code_challenge_method: 'S256',
      state: 'state-1',
    });
    expect(token.url).toBe('https://configurator-abc.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'code-1',
      redirect_uri: 'https://d111.cloudfront.net/',
      code_verifier: 'verifier-1',
    });
  });

  it('reads the customer from the ID token, and nothing from garbage', () => {
    // Prepare
    const payload = Buffer.from(JSON.stringify({ 'custom:customerId': 'c_1', email: 'ädä@example.com' })).toString('base64url');
    // Act + Assess
    expect(tokenClaims(`header.${payload}.signature`)).toEqual({ 'custom:customerId': 'c_1', email: 'ädä@example.com' });
    expect(tokenClaims('not a token')).toEqual({});
  });
});
