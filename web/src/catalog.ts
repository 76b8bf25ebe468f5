/** Published catalogs as the page reads them: cached per version, with names for choice references. */
import { api, type CatalogDocument, type PublishedProduct } from './api.ts';
import { choiceOfRef, groupOfRef } from '../../shared/core/choice-ref.ts';

type Group = CatalogDocument['groups'][number];
type Choice = Group['choices'][number];

const byVersion = new Map<string, Promise<PublishedProduct>>();

/** The current catalog (always asked again: it may change any time) or a pinned version (cached: immutable). */
export function loadCatalog(productId: string, version?: number): Promise<PublishedProduct> {
  if (version === undefined) {
    const current = api.product(productId);
    current.then((p) => byVersion.set(`${productId}@${p.version}`, Promise.resolve(p))).catch(() => {});
    return current;
  }
  const key = `${productId}@${version}`;
  let cached = byVersion.get(key);
  if (!cached) {
    cached = api.product(productId, version);
    cached.catch(() => byVersion.delete(key));
    byVersion.set(key, cached);
  }
  return cached;
}

/** The group and the choice id of a "group.choice" reference. */
export const groupOf = groupOfRef;
export const choiceOf = choiceOfRef;

/** Product modules first, then the services, each in catalog order. */
export function orderedGroups(document: CatalogDocument): Group[] {
  return [...document.groups.filter((g) => g.kind === 'product'), ...document.groups.filter((g) => g.kind === 'service')];
}

export function findGroup(document: CatalogDocument, groupId: string): Group | undefined {
  return document.groups.find((g) => g.id === groupId);
}

export function findChoice(document: CatalogDocument, ref: string): Choice | undefined {
  return findGroup(document, groupOf(ref))?.choices.find((c) => c.id === choiceOf(ref));
}

export function groupName(document: CatalogDocument, groupId: string): string {
  return findGroup(document, groupId)?.name ?? groupId;
}

/** "65 W USB-C", or the id when a catalog has no name for it (e.g. a choice no longer offered). */
export function choiceName(documents: CatalogDocument | CatalogDocument[], ref: string): string {
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const choice = findChoice(document, ref);
    if (choice) return choice.name ?? choice.id;
  }
  return choiceOf(ref);
}
