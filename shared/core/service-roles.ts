/**
 * What service groups are, by the role they declare, not by their id. A customer's service
 * preferences keep their API names (`packaging`, `invoice`, `delivery`); each name stands for a
 * role, and in a catalog it applies to the group that declares that role. A catalog that
 * declares no group of a role (written before roles existed) falls back to the group whose id is
 * the preference name, so older catalogs keep working unchanged.
 */
import type { CatalogDocument, Group, ServiceRole } from './catalog-document.ts';

/** Preference name (stable in the API) → the role of the service group it pre-fills. */
export const PREFERENCE_ROLES = { packaging: 'packaging', invoice: 'invoice-format', delivery: 'delivery-mode' } as const satisfies Record<
  string,
  ServiceRole
>;

/** A service preference's name. */
export type ServicePreference = keyof typeof PREFERENCE_ROLES;

/** The group of a role in a catalog: the one declaring it, else (older catalogs) the group named like the preference. */
export function groupOfRole(doc: Pick<CatalogDocument, 'groups'>, role: ServiceRole): Group | undefined {
  const declared = doc.groups.find((group) => group.role === role);
  if (declared) return declared;
  const legacyId = (Object.keys(PREFERENCE_ROLES) as ServicePreference[]).find((name) => PREFERENCE_ROLES[name] === role)!;
  const legacy = doc.groups.find((group) => group.id === legacyId);
  return legacy && legacy.role === undefined ? legacy : undefined;
}

/** The group a service preference applies to in a catalog, if it has one. */
export function groupOfPreference(doc: Pick<CatalogDocument, 'groups'>, name: ServicePreference): Group | undefined {
  return groupOfRole(doc, PREFERENCE_ROLES[name]);
}
