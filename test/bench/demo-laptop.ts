/**
 * A small build-to-order laptop catalog: every feature of the document in a few groups
 * (optional and multi-choice groups, services, tiers, a retired choice, requires / excludes /
 * table rules, a tier price list). The benchmark's stand-in when no laptop fixture exists, and
 * the valid starting point the catalog tests mutate.
 */
import type { CatalogDocumentInput } from '#core/catalog-document';

/** A fresh copy each call, so a test may mutate it freely. */
export function demoLaptopCatalog(): CatalogDocumentInput {
  return {
    id: 'laptop-demo',
    name: 'Demo Laptop',
    currency: 'EUR',
    basePrice: 89900,
    baseLeadDays: 2,
    groups: [
      {
        id: 'cpu',
        name: 'Processor',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'i5', name: 'Core i5', price: 0, default: true, parts: [{ sku: 'CPU-I5', qty: 1 }] },
          { id: 'i7', name: 'Core i7', price: 25000, leadDays: 1, tiers: ['A', 'B'], parts: [{ sku: 'CPU-I7', qty: 1 }] },
          { id: 'i9', name: 'Core i9', price: 40000, retired: true, replacedBy: 'i7' },
        ],
      },
      {
        id: 'gpu',
        name: 'Graphics',
        kind: 'product',
        min: 0,
        max: 1,
        choices: [
          { id: 'arc', price: 9000, parts: [{ sku: 'GPU-ARC', qty: 1 }] },
          { id: 'rtx', price: 30000, leadDays: 3, parts: [{ sku: 'GPU-RTX', qty: 1 }] },
        ],
      },
      {
        id: 'psu',
        name: 'Power supply',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: '65w', default: true, parts: [{ sku: 'PSU-65', qty: 1 }] },
          { id: '100w', price: 2000, parts: [{ sku: 'PSU-100', qty: 1 }] },
          { id: '150w', price: 4000, parts: [{ sku: 'PSU-150', qty: 1 }] },
          { id: '200w', price: 6000, parts: [{ sku: 'PSU-200', qty: 1 }] },
        ],
      },
      {
        id: 'chassis',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'slim', default: true, parts: [{ sku: 'CH-SLIM', qty: 1 }] },
          { id: 'pro', price: 5000, parts: [{ sku: 'CH-PRO', qty: 1 }] },
        ],
      },
      {
        id: 'memory',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'm16', default: true, parts: [{ sku: 'RAM-8', qty: 2 }] },
          { id: 'm32', price: 8000, parts: [{ sku: 'RAM-16', qty: 2 }] },
          { id: 'm64', price: 20000, parts: [{ sku: 'RAM-32', qty: 2 }] },
        ],
      },
      {
        id: 'accessories',
        kind: 'product',
        min: 0,
        max: 3,
        choices: [
          { id: 'mouse', price: 2500, parts: [{ sku: 'ACC-MOUSE', qty: 1 }] },
          { id: 'dock', price: 15000, parts: [{ sku: 'ACC-DOCK', qty: 1 }] },
          { id: 'bag', price: 4000, parts: [{ sku: 'ACC-BAG', qty: 1 }] },
          { id: 'sleeve', price: 2000, parts: [{ sku: 'ACC-SLEEVE', qty: 1 }] },
        ],
      },
      {
        id: 'packaging',
        kind: 'service',
        role: 'packaging',
        min: 1,
        max: 1,
        choices: [
          { id: 'box', default: true },
          { id: 'crate', price: 3000 },
          { id: 'gift', price: 1500, gift: true },
        ],
      },
      {
        id: 'invoice',
        kind: 'service',
        role: 'invoice-format',
        min: 1,
        max: 1,
        choices: [
          { id: 'pdf', default: true, format: 'pdf' },
          { id: 'paper', price: 300, format: 'paper' },
          { id: 'einvoice', format: 'edi' },
        ],
      },
      {
        id: 'delivery',
        kind: 'service',
        role: 'delivery-mode',
        min: 1,
        max: 1,
        choices: [
          { id: 'standard', default: true, transitDays: 3 },
          { id: 'express', price: 2500, transitDays: 1 },
          { id: 'pickup', transitDays: 0 },
        ],
      },
    ],
    rules: [
      {
        id: 'gpu-psu',
        type: 'requires',
        if: ['gpu.rtx'],
        then: ['psu.150w', 'psu.200w'],
        message: 'RTX graphics needs a 150 W or larger power supply',
      },
      { id: 'crate-express', type: 'excludes', choices: ['packaging.crate', 'delivery.express'], message: 'A crate cannot go by express' },
      { id: 'slim-rtx', type: 'excludes', choices: ['chassis.slim', 'gpu.rtx'], message: 'The slim chassis cannot cool RTX graphics' },
      { id: 'pro-memory', type: 'requires', if: ['memory.m64'], then: ['chassis.pro'] },
      { id: 'dock-not-slim', type: 'excludes', choices: ['accessories.dock', 'chassis.slim'] },
      {
        id: 'cpu-chassis',
        type: 'table',
        groups: ['cpu', 'chassis'],
        allowed: [
          ['i5', '*'],
          ['i7', 'pro'],
          ['i9', '*'],
        ],
        message: 'The Core i7 comes in the pro chassis only',
      },
    ],
    priceLists: [
      { id: 'tier-a', name: 'Tier A', tier: 'A', entries: [{ target: '*', percent: -10 }] },
      {
        id: 'reseller-x',
        entries: [
          { target: 'base', price: 80000 },
          { target: 'gpu.rtx', percent: -5 },
        ],
      },
    ],
  };
}
