/** A valid `PUT /admin/tenants/{tenantId}/tiers` body for the demo catalog (its services exist). */
export const DEMO_TIER_SETTINGS = {
  thresholds: { topPercentA: 10, bottomPercentC: 20 },
  perks: {
    A: { label: 'Gold', includedServices: ['delivery.express', 'packaging.gift'], leadDaysLess: 1, questionEveryDays: 1 },
    B: { label: 'Silver', includedServices: ['packaging.eco'], leadDaysLess: 0, questionEveryDays: 7 },
    C: { label: 'Bronze', includedServices: [], leadDaysLess: 0, questionEveryDays: 30 },
  },
} as const;
