/**
 * The choices every service group (packaging, invoice, delivery, and any other group of kind
 * `service`) offers across the published catalogs, to check a customer's preferences and a
 * tier's included services against. Read at most every `ttlMs` per container.
 */
import type { CatalogDocument } from '#core/catalog-document';
import { groupOfPreference } from '#core/service-roles';
import { TtlCache } from '#core/ttl-cache';
import { SERVICE_PREFERENCES } from './profile.ts';

/** What the published catalogs offer: by service group id, and by preference name (through the group of its role). */
interface Offered {
  byGroup: Map<string, Set<string>>;
  byPreference: Map<string, Set<string>>;
}

/** The published products, a page at a time, and the current document of each. */
export interface PublishedCatalogs {
  list(limit: number, startAfter?: string): Promise<{ items: { productId: string }[]; nextStartAfter?: string }>;
  get(productId: string): Promise<{ compiled: { doc: CatalogDocument } }>;
}

export class ServiceChoices {
  private readonly cache: TtlCache<'all', Offered>;

  constructor(
    private readonly catalogs: PublishedCatalogs,
    options: { ttlMs?: number; now?: () => number } = {},
  ) {
    this.cache = new TtlCache({ ttlMs: options.ttlMs ?? 30_000, ...(options.now ? { now: options.now } : {}) });
  }

  /** Service group id → the ids of its choices that are not retired, over every published catalog. */
  async offered(): Promise<Map<string, Set<string>>> {
    return (await this.cache.getOrLoad('all', () => this.read())).byGroup;
  }

  /** Preference name → the ids of the choices its group (the group of its role) offers, over every published catalog. */
  async preferred(): Promise<Map<string, Set<string>>> {
    return (await this.cache.getOrLoad('all', () => this.read())).byPreference;
  }

  private async read(): Promise<Offered> {
    const choices = new Map<string, Set<string>>();
    const byPreference = new Map<string, Set<string>>();
    let startAfter: string | undefined;
    do {
      const page = await this.catalogs.list(100, startAfter);
      for (const product of page.items) {
        const { compiled } = await this.catalogs.get(product.productId);
        for (const group of compiled.doc.groups) {
          if (group.kind !== 'service' && !group.role && !(SERVICE_PREFERENCES as readonly string[]).includes(group.id)) continue;
          const set = choices.get(group.id) ?? new Set<string>();
          for (const choice of group.choices) if (!choice.retired) set.add(choice.id);
          choices.set(group.id, set);
        }
        for (const name of SERVICE_PREFERENCES) {
          const group = groupOfPreference(compiled.doc, name);
          if (!group) continue;
          const set = byPreference.get(name) ?? new Set<string>();
          for (const choice of group.choices) if (!choice.retired) set.add(choice.id);
          byPreference.set(name, set);
        }
      }
      startAfter = page.nextStartAfter;
    } while (startAfter);
    return { byGroup: choices, byPreference };
  }
}
