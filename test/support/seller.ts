/** A valid `PUT /admin/tenants/{tenantId}/seller` body: a German seller charging 19 % VAT, 30 days net. */
export const DEMO_SELLER = {
  name: 'Configurator Werke GmbH',
  address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  vatId: 'DE123456789',
  email: 'invoices@configurator.example',
  registrationId: 'HRB 12345',
  paymentTermsDays: 30,
  paymentTerms: '30 days net',
  iban: 'DE89370400440532013000',
  vatRate: 19,
} as const;
