import { Aws, Names, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * Web customers' accounts: a Cognito user pool (email sign-in), its hosted sign-in page on a
 * Cognito domain, and one public app client for the web page (authorization code with PKCE,
 * no client secret). A pre-token-generation trigger ({@link setTokenClaims}) puts the
 * customer's id into the ID token. The authorizer verifies the pool's JWTs with {@link jwtSettings}.
 *
 * The pool holds customer accounts, so it is retained and protected from deletion even though
 * it lives in the stateless stack (see docs/adr/0001-stateful-and-stateless-stacks.md).
 */
export interface CustomerIdentityProps {
  /** The web page's origin (https://…), where the hosted page sends customers back. */
  readonly webOrigin: string;
}

export class CustomerIdentity extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: CustomerIdentityProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'Shoppers may enable TOTP MFA but are not forced to; accounts hold order preferences, not payment data, and admins do not sign in through this pool.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason:
          'Threat protection (advanced security) needs the Plus feature plan; the Essentials plan is chosen for cost until customer accounts hold sensitive data.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Essentials feature plan is enough for email sign-in of shoppers; Plus (threat protection) is a deliberate later upgrade.',
      },
    );

    // Domain prefixes are global across AWS: derive one from the stack's unique path.
    this.domain = this.userPool.addDomain('HostedSignIn', {
      cognitoDomain: {
        domainPrefix: `configurator-${Names.uniqueId(this)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
          .slice(-20)}`,
      },
    });

    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${props.webOrigin}/`],
        logoutUrls: [`${props.webOrigin}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
    });
  }

  /** The hosted sign-in page's base URL (…/oauth2/authorize, …/oauth2/token, …/logout). */
  get hostedSignInUrl(): string {
    return this.domain.baseUrl();
  }

  /** Runs `fn` at every token issue, so the ID token carries the customer's id (functions/token-claims.ts). */
  setTokenClaims(fn: IFunction): void {
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, fn);
  }

  /** What the authorizer needs to verify a customer's JWT. */
  get jwtSettings(): { issuer: string; jwksUrl: string; audience: string } {
    // Not `userPoolProviderUrl`: CloudFormation's ProviderURL attribute lacks the scheme,
    // and the JWT `iss` claim has it.
    const issuer = `https://cognito-idp.${Aws.REGION}.amazonaws.com/${this.userPool.userPoolId}`;
    return { issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, audience: this.webClient.userPoolClientId };
  }
}
