/** Customers and what the product remembers of them: profile, preferences, remembered configurations. */
import { ownedCustomer } from '#customers/access';
import { continueConfiguration, saveConfiguration } from '#customers/configurations';
import { contactOf } from '#customers/contacts';
import { createCustomer, eraseCustomer, updatePreferences, viewCustomer } from '#customers/customer-service';
import { newCustomerId } from '#core/ids';
import { createFunctionHandler } from '#http/handler';
import { compiledCatalogs, configurationDeps, customerRepository, questionCadence, serviceChoices } from './runtime.ts';

const offered = () => serviceChoices.preferred();
const currentCatalog = (productId: string) => compiledCatalogs.get(productId);
const contact = (caller: Parameters<typeof contactOf>[0], present: boolean | undefined, profile: Parameters<typeof contactOf>[2]) =>
  contactOf(caller, present ?? false, profile, questionCadence, new Date());
/** The customer as shown, drawing need questions from the catalog of their last touchpoint. */
const view = (profile: Parameters<typeof viewCustomer>[1], at: Parameters<typeof viewCustomer>[2]) =>
  viewCustomer(customerRepository, profile, at, undefined, currentCatalog);

export const handler = createFunctionHandler('customers', {
  'POST /customers': async ({ body, headers, caller }) => {
    const profile = await createCustomer(customerRepository, offered, caller, body, newCustomerId(), new Date(), headers.idempotencyKey);
    return {
      status: 201,
      headers: { Location: `/customers/${profile.customerId}` },
      body: { customerId: profile.customerId, tenantId: profile.tenantId, tier: profile.tier },
    };
  },

  'GET /customers/{customerId}': async ({ path, headers, caller }) => {
    const profile = await ownedCustomer(caller, path.customerId, customerRepository);
    return { status: 200, body: await view(profile, await contact(caller, headers.customerPresent, profile)) };
  },

  'DELETE /customers/{customerId}': async ({ path, caller }) => {
    await eraseCustomer(customerRepository, await ownedCustomer(caller, path.customerId, customerRepository));
    return { status: 204 };
  },

  'PATCH /customers/{customerId}/preferences': async ({ path, headers, body, caller }) => {
    const profile = await ownedCustomer(caller, path.customerId, customerRepository);
    const customerContact = await contact(caller, headers.customerPresent, profile);
    const updated = await updatePreferences(customerRepository, offered, profile, body, customerContact, currentCatalog);
    return { status: 200, body: await view(updated, customerContact) };
  },

  'GET /customers/{customerId}/configurations/{productId}': async ({ path, caller }) => {
    const configuration = await continueConfiguration(configurationDeps, caller, path.customerId, path.productId);
    return { status: 200, headers: { ETag: `"${configuration.version}"` }, body: configuration };
  },

  'PUT /customers/{customerId}/configurations/{productId}': async ({ path, headers, body, caller }) => {
    const { configuration, created } = await saveConfiguration(configurationDeps, caller, {
      ...path,
      picks: body.picks,
      expectedVersion: headers.ifMatch ?? 0,
      customerPresent: headers.customerPresent ?? false,
    });
    return { status: created ? 201 : 200, headers: { ETag: `"${configuration.version}"` }, body: configuration };
  },
});
