/**
 * Web customers sign in on Cognito's hosted page (authorization code with PKCE, no secret),
 * come back to the page, and their ID token names their customer (the token-claims trigger).
 */
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { synthesizeConfigurator, type SynthesizedConfigurator } from './synthesize.ts';

let synthesized: SynthesizedConfigurator;
let template: Template;

beforeAll(() => {
  synthesized = synthesizeConfigurator({ skipBundling: true });
  template = synthesized.stateless;
});
afterAll(() => synthesized?.dispose());

describe('customer sign-in', () => {
  it('has a hosted sign-in domain and a public code-flow client that returns to the page', () => {
    // Assess
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email']),
      CallbackURLs: [Match.anyValue()],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  it('runs the token-claims trigger before every token', () => {
    // Prepare
    const fn = synthesized.stacks.stateless.tokenClaimsFunction;
    const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnFunction);
    // Assess
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [logicalId, 'Arn'] } },
    });
  });
});
