/**
 * Cognito "pre token generation" trigger: the bridge between a web customer's account and
 * their customer record. At every sign-in it finds (or, the first time, creates) the house
 * customer of the account's verified e-mail and writes its id into the ID token as the claims
 * the authorizer reads (`custom:customerId`, `custom:tenantId`), the same claims the local
 * `POST /dev/login` puts in its tokens.
 */
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { signInByEmail } from '#customers/customer-service';
import { CUSTOMER_CLAIMS } from '#http/identity';
import { logger } from '#http/observability';
import { newCustomerId } from '#core/ids';
import { HOUSE_TENANT } from '#core/tenant';
import { customerRepository } from './runtime.ts';

export const handler = async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
  const attributes = event.request.userAttributes;
  const email = attributes.email;
  // Without a verified address anyone could claim another customer's record by signing up with their e-mail.
  if (!email || attributes.email_verified !== 'true') {
    logger.warn('token without a verified e-mail: no customer claims', { userName: 'redacted' });
    return event;
  }
  const profile = await signInByEmail(customerRepository, email, newCustomerId, new Date());
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { [CUSTOMER_CLAIMS.customerId]: profile.customerId, [CUSTOMER_CLAIMS.tenantId]: HOUSE_TENANT },
    },
  };
  return event;
};
