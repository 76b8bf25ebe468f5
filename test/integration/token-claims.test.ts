/**
 * The Cognito pre-token-generation trigger on real DynamoDB Local: a verified e-mail gets its
 * house customer (created once, found afterwards) in the ID token's claims; an unverified one
 * gets no claims, so the authorizer refuses its token.
 */
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let stack: TestStack;
let handler: (event: PreTokenGenerationTriggerEvent) => Promise<PreTokenGenerationTriggerEvent>;

beforeAll(async () => {
  stack = await startTestStack();
  ({ handler } = await import('#functions/token-claims'));
});
afterAll(async () => {
  await stack?.close();
});

function signInEvent(email: string, verified: boolean): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_test',
    userName: 'user-1',
    callerContext: { awsSdkVersion: '1', clientId: 'web' },
    triggerSource: 'TokenGeneration_Authentication',
    request: {
      userAttributes: { email, email_verified: String(verified) },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
    },
    response: { claimsOverrideDetails: null as never },
  } as unknown as PreTokenGenerationTriggerEvent;
}

describe('token claims for web customers', () => {
  it('creates the house customer at the first sign-in and finds it at the next', async () => {
    // Act
    const first = await handler(signInEvent('Grace@Example.com', true));
    const second = await handler(signInEvent('grace@example.com', true));
    // Assess
    const claims = first.response.claimsOverrideDetails?.claimsToAddOrOverride;
    expect(claims).toMatchObject({ 'custom:customerId': expect.stringMatching(/^c_/), 'custom:tenantId': 'house' });
    expect(second.response.claimsOverrideDetails?.claimsToAddOrOverride).toEqual(claims);
    const profile = await stack.call(`/customers/${claims!['custom:customerId']}`);
    expect(profile.status).toBe(200);
    expect(profile.json.contact.email).toBe('Grace@Example.com');
  });

  it('adds no claims for an unverified e-mail', async () => {
    // Act
    const answer = await handler(signInEvent('mallory@example.com', false));
    // Assess
    expect(answer.response.claimsOverrideDetails).toBeFalsy();
  });
});
