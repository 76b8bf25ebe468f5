/** Customers and what the product remembers of them: profile, preferences, remembered configurations. */
import { ownedCustomer } from '#customers/access';
import { continueConfiguration, saveConfiguration } from '#customers/configurations';
import { createCustomer, eraseCustomer, updatePreferences, viewCustomer } from '#customers/customer-service';
import { newCustomerId } from '#core/ids';
import { createFunctionHandler } from '#http/handler';
import { configurationDeps, customerRepository, serviceChoices } from './runtime.ts';

const offered = () => serviceChoices.offered();

export const handler = createFunctionHandler('customers', {
  'POST /customers': async ({ body, caller }) => {
    const profile = await createCustomer(customerRepository, offered, caller, body, newCustomerId(), new Date());
    return {
      status: 201,
      headers: { Location: `/customers/${profile.customerId}` },
      body: { customerId: profile.customerId, tenantId: profile.tenantId, tier: profile.tier },
    };
  },

  'GET /customers/{customerId}': async ({ path, caller }) => {
    const profile = await ownedCustomer(caller, path.customerId, customerRepository);
    return { status: 200, body: await viewCustomer(customerRepository, profile) };
  },

  'DELETE /customers/{customerId}': async ({ path, caller }) => {
    await eraseCustomer(customerRepository, await ownedCustomer(caller, path.customerId, customerRepository));
    return { status: 204 };
  },

  'PATCH /customers/{customerId}/preferences': async ({ path, body, caller }) => {
    const profile = await ownedCustomer(caller, path.customerId, customerRepository);
    const updated = await updatePreferences(customerRepository, offered, profile, body);
    return { status: 200, body: await viewCustomer(customerRepository, updated) };
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
    });
    return { status: created ? 201 : 200, headers: { ETag: `"${configuration.version}"` }, body: configuration };
  },
});
