/** Customers and what the product remembers of them: profile, preferences, remembered configurations. */
import { channelOf, ownedCustomer } from '#customers/access';
import { createCustomer, eraseCustomer, updatePreferences, viewCustomer } from '#customers/customer-service';
import { CreateCustomerSchema, PreferencesPatchSchema } from '#customers/schemas';
import { configure, InvalidPicksError } from '#engine/index';
import { InvalidInputError, MalformedRequestError, NotFoundError } from '#core/errors';
import { CustomerPathSchema, CustomerProductPathSchema, IF_MATCH_PATTERN, SaveConfigurationSchema } from '#http/contract';
import { createFunctionHandler } from '#http/handler';
import { header, parseRequestPart } from '#http/request';
import { newCustomerId } from '#core/ids';
import { compiledCatalogs, customerRepository, serviceChoices } from './runtime.ts';

/** `If-Match: "3"` (or `3`) → 3; absent → 0 (first save). */
function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined) return 0;
  const match = IF_MATCH_PATTERN.exec(ifMatch);
  if (!match)
    throw new MalformedRequestError('If-Match must be the configuration version, e.g. "3"', [
      { path: ['header', 'if-match'], code: 'invalid_if_match', message: 'a version number' },
    ]);
  return Number(match[1]);
}

export const handler = createFunctionHandler('customers', {
  'POST /customers': async (request) => {
    const body = parseRequestPart(CreateCustomerSchema, request.body, 'body');
    const profile = await createCustomer(customerRepository, serviceChoices, request.caller!, body, newCustomerId(), new Date());
    return {
      status: 201,
      headers: { Location: `/customers/${profile.customerId}` },
      body: { customerId: profile.customerId, tenantId: profile.tenantId, tier: profile.tier },
    };
  },

  'GET /customers/{customerId}': async (request) => {
    const { customerId } = parseRequestPart(CustomerPathSchema, request.pathParameters, 'path');
    const profile = await ownedCustomer(request.caller!, customerId, customerRepository);
    return { status: 200, body: await viewCustomer(customerRepository, profile) };
  },

  'DELETE /customers/{customerId}': async (request) => {
    const { customerId } = parseRequestPart(CustomerPathSchema, request.pathParameters, 'path');
    const profile = await ownedCustomer(request.caller!, customerId, customerRepository);
    await eraseCustomer(customerRepository, profile);
    return { status: 204 };
  },

  'PATCH /customers/{customerId}/preferences': async (request) => {
    const { customerId } = parseRequestPart(CustomerPathSchema, request.pathParameters, 'path');
    const patch = parseRequestPart(PreferencesPatchSchema, request.body, 'body');
    const profile = await ownedCustomer(request.caller!, customerId, customerRepository);
    const updated = await updatePreferences(customerRepository, serviceChoices, profile, patch);
    return { status: 200, body: await viewCustomer(customerRepository, updated) };
  },

  'GET /customers/{customerId}/configurations/{productId}': async (request) => {
    const { customerId, productId } = parseRequestPart(CustomerProductPathSchema, request.pathParameters, 'path');
    const profile = await ownedCustomer(request.caller!, customerId, customerRepository);
    const configuration = await customerRepository.getConfiguration(profile.tenantId, profile.customerId, productId);
    if (!configuration) throw new NotFoundError(`no configuration of ${productId} is remembered for this customer`);
    return { status: 200, headers: { ETag: `"${configuration.version}"` }, body: configuration };
  },

  'PUT /customers/{customerId}/configurations/{productId}': async (request) => {
    const { customerId, productId } = parseRequestPart(CustomerProductPathSchema, request.pathParameters, 'path');
    const { picks } = parseRequestPart(SaveConfigurationSchema, request.body, 'body');
    const expected = expectedVersion(header(request.headers, 'if-match'));
    const caller = request.caller!;
    const profile = await ownedCustomer(caller, customerId, customerRepository);
    const { version: catalogVersion, compiled } = await compiledCatalogs.get(productId);
    // Where the customer stopped may be unfinished or even conflicting, but every pick must name a real choice.
    try {
      configure(compiled, picks, { tier: profile.tier, today: new Date().toISOString().slice(0, 10) });
    } catch (error) {
      if (error instanceof InvalidPicksError) {
        throw new InvalidInputError(
          'some picks do not name a choice of this product',
          error.findings.map((f) => ({
            path: ['picks', Math.max(0, picks.indexOf(f.pick))],
            code: 'invalid-pick',
            message: `${f.pick}: ${f.problem}`,
          })),
        );
      }
      throw error;
    }
    const now = new Date().toISOString();
    const configuration = { productId, catalogVersion, picks, version: expected + 1, savedAt: now, channel: channelOf(caller) };
    await customerRepository.saveConfiguration(profile.tenantId, profile.customerId, configuration, expected, {
      productId,
      channel: configuration.channel,
      at: now,
      action: 'saved-configuration',
    });
    return { status: expected === 0 ? 201 : 200, headers: { ETag: `"${configuration.version}"` }, body: configuration };
  },
});
