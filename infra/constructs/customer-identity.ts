import { Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccountRecovery, Mfa, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/**
 * Web customers' accounts: a Cognito user pool (email sign-in) and one public app client for
 * the web page (SRP sign-in, no client secret, no hosted domain). The authorizer verifies the
 * pool's JWTs with {@link jwtSettings}.
 *
 * The pool holds customer accounts, so it is retained and protected from deletion even though
 * it lives in the stateless stack (see docs/adr/0001-stateful-and-stateless-stacks.md).
 */
export class CustomerIdentity extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
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
        reason: 'Shoppers may enable TOTP MFA but are not forced to; accounts hold order preferences, not payment data, and admins do not sign in through this pool.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason: 'Threat protection (advanced security) needs the Plus feature plan; the Essentials plan is chosen for cost until customer accounts hold sensitive data.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Essentials feature plan is enough for email sign-in of shoppers; Plus (threat protection) is a deliberate later upgrade.',
      },
    );

    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
    });
  }

  /** What the authorizer needs to verify a customer's JWT. */
  get jwtSettings(): { issuer: string; jwksUrl: string; audience: string } {
    // Not `userPoolProviderUrl`: CloudFormation's ProviderURL attribute lacks the scheme,
    // and the JWT `iss` claim has it.
    const issuer = `https://cognito-idp.${Aws.REGION}.amazonaws.com/${this.userPool.userPoolId}`;
    return { issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, audience: this.webClient.userPoolClientId };
  }
}
