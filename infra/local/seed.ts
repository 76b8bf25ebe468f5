/**
 * Demo data for `npm start`: the house's seller data, the X1 laptop catalog and a demo partner. Safe to run on every
 * start: the demo catalog is published only while the product does not exist (a version an
 * admin published since is the product now, and a restart must not undo it), and an existing
 * partner is kept.
 */
import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { publishCatalog } from '#catalog/publication';
import type { CompiledArtifactStore } from '#catalog/ports';
import { CatalogRepository } from '#store/catalog-repository';
import { PartnerRepository } from '#store/partner-repository';
import { SellerRepository } from '#store/seller-repository';
import { HOUSE_TENANT } from '#core/tenant';
import type { Seller } from '#documents/seller';
import { sha256Hex } from '#core/digest';
import { DEFAULT_USAGE_PLAN } from '#core/usage-plan';
import { ulid } from '#core/ids';

export const DEMO_CATALOG_PATH = new URL('./demo/laptop-x1.json', import.meta.url);
export const DEMO_PARTNER_ID = 'demo-partner';
export const DEMO_PRODUCT_ID = 'laptop-x1';

/** The demo catalog document as JSON (parsed, not yet validated). */
export function readDemoCatalog(): unknown {
  return JSON.parse(readFileSync(DEMO_CATALOG_PATH, 'utf8'));
}

/** The house as the demo's invoices name it (set only while the house has no seller data). */
export const DEMO_HOUSE_SELLER: Seller = {
  name: 'Configurator Demo GmbH',
  address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  vatId: 'DE123456789',
  email: 'invoices@configurator.example',
  paymentTermsDays: 30,
  paymentTerms: '30 days net',
  vatRate: 19,
};

export async function seedDemoData(
  client: DynamoDBDocumentClient,
  tableName: string,
  demoPartnerKey: string,
  now = new Date(),
  artifacts?: CompiledArtifactStore,
): Promise<{ catalogVersion: number }> {
  const sellers = new SellerRepository(client, tableName);
  if (!(await sellers.storedSeller(HOUSE_TENANT))) await sellers.writeSeller(HOUSE_TENANT, DEMO_HOUSE_SELLER, now.toISOString());
  const catalogs = new CatalogRepository(client, tableName);
  const current = await catalogs.findCurrent(DEMO_PRODUCT_ID);
  const catalogVersion = current?.version ?? (await publishCatalog(catalogs, DEMO_PRODUCT_ID, readDemoCatalog(), now, artifacts)).version;
  const partners = new PartnerRepository(client, tableName);
  if (!(await partners.findApiKey(sha256Hex(demoPartnerKey)))) {
    const key = { keyId: `k_${ulid(now.getTime())}`, apiKey: demoPartnerKey, createdAt: now.toISOString() };
    if (await partners.find(DEMO_PARTNER_ID)) await partners.addApiKey(DEMO_PARTNER_ID, key);
    else
      await partners.create(
        { partnerId: DEMO_PARTNER_ID, name: 'Demo Reseller', createdAt: now.toISOString(), usagePlan: DEFAULT_USAGE_PLAN },
        key,
      );
  }
  return { catalogVersion };
}
