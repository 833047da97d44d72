import { SegmentContact } from '../../rules/domain/segment-contact';

/** A contact as the cache holds it: its state at `version` (the contact's event sequence), or gone. */
interface CachedContact {
  version: number;
  contact: SegmentContact | null;
}

interface TenantEntry {
  contacts: Map<string, CachedContact>;
  /** Settles once the first read of every stored contact is done; changes are applied meanwhile too. */
  ready: Promise<void>;
  /** A fresh read under way (see maxAgeMs): it receives changes too, and replaces `contacts` when done. */
  rereading?: Map<string, CachedContact>;
  loadedAt: number;
  lastUsedAt: number;
}

export interface TenantContactsCacheOptions {
  /** Contacts held across all tenants; least recently used tenants leave first (one tenant alone may exceed it). */
  maxContacts: number;
  /** A tenant's copy is read again after this long, bounding any drift. */
  maxAgeMs: number;
  /**
   * Changes are also remembered this long for every tenant, held or not: a tenant read for the
   * first time (or again) starts from them, so a change the projection has not stored yet when it
   * is read is not lost. Default 60 s, at most `recentMax` changes (default 100,000).
   */
  recentMs?: number;
  recentMax?: number;
  now?: () => number;
}

/** Reads every live contact of a tenant, calling `add` for each. */
export type TenantLoader = (tenantId: string, add: (contactId: string, version: number, contact: SegmentContact) => void) => Promise<void>;

/**
 * Each tenant's contacts in memory, so a rule can be previewed over all of them while the user
 * types. A tenant is read once from the projection, then kept current from contact events; a
 * version per contact makes the order of the two irrelevant (an older state never replaces a
 * newer one, and a deletion is remembered as a tombstone).
 */
export class TenantContactsCache {
  private readonly tenants = new Map<string, TenantEntry>();
  private readonly recent = new Map<string, Map<string, CachedContact & { at: number }>>();
  private recentCount = 0;
  private readonly now: () => number;

  constructor(
    private readonly load: TenantLoader,
    private readonly options: TenantContactsCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The tenant's live contacts, read first if they are not held yet. */
  async contactsOf(tenantId: string): Promise<Iterable<SegmentContact>> {
    const entry = this.tenants.get(tenantId) ?? this.startLoading(tenantId);
    entry.lastUsedAt = this.now();
    await entry.ready;
    if (!entry.rereading && this.now() - entry.loadedAt > this.options.maxAgeMs) this.reread(tenantId, entry);
    return liveContacts(entry.contacts);
  }

  /** A contact changed (or was deleted: `contact` null); remembered a while for tenants not held. */
  apply(tenantId: string, contactId: string, version: number, contact: SegmentContact | null): void {
    this.remember(tenantId, contactId, version, contact);
    const entry = this.tenants.get(tenantId);
    if (!entry) return;
    put(entry.contacts, contactId, version, contact);
    if (entry.rereading) put(entry.rereading, contactId, version, contact);
  }

  /**
   * A contact merged away: gone at the version held of it (the merge event does not carry its
   * own), so if the merge is undone its next version brings it back.
   */
  mergedAway(tenantId: string, contactId: string): void {
    const entry = this.tenants.get(tenantId);
    const versions = [this.recent.get(tenantId), entry?.contacts, entry?.rereading].map((held) => held?.get(contactId)?.version ?? 0);
    this.apply(tenantId, contactId, Math.max(...versions), null);
  }

  /** Tenants held and their contacts, for metrics and tests. */
  size(): { tenants: number; contacts: number } {
    let contacts = 0;
    for (const entry of this.tenants.values()) contacts += entry.contacts.size;
    return { tenants: this.tenants.size, contacts };
  }

  private remember(tenantId: string, contactId: string, version: number, contact: SegmentContact | null): void {
    const window = this.options.recentMs ?? 60_000;
    if (this.recentCount >= (this.options.recentMax ?? 100_000)) this.forgetOlderThan(this.now() - window / 2);
    let changes = this.recent.get(tenantId);
    if (!changes) this.recent.set(tenantId, (changes = new Map()));
    const held = changes.get(contactId);
    if (held && !newer(held, version, contact)) return;
    if (!held) this.recentCount += 1;
    changes.set(contactId, { version, contact, at: this.now() });
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [tenantId, changes] of this.recent) {
      for (const [contactId, change] of changes) {
        if (change.at < cutoff) {
          changes.delete(contactId);
          this.recentCount -= 1;
        }
      }
      if (changes.size === 0) this.recent.delete(tenantId);
    }
  }

  /** A fresh copy of a tenant starts from its recent changes. */
  private recentOf(tenantId: string): Map<string, CachedContact> {
    const cutoff = this.now() - (this.options.recentMs ?? 60_000);
    const contacts = new Map<string, CachedContact>();
    for (const [contactId, { version, contact, at }] of this.recent.get(tenantId) ?? []) if (at >= cutoff) contacts.set(contactId, { version, contact });
    return contacts;
  }

  private startLoading(tenantId: string): TenantEntry {
    const contacts = this.recentOf(tenantId);
    const entry: TenantEntry = { contacts, ready: Promise.resolve(), loadedAt: this.now(), lastUsedAt: this.now() };
    entry.ready = this.load(tenantId, (contactId, version, contact) => put(contacts, contactId, version, contact))
      .then(() => {
        entry.loadedAt = this.now();
        this.evictBeyondBudget(tenantId);
      })
      .catch((error) => {
        if (this.tenants.get(tenantId) === entry) this.tenants.delete(tenantId);
        throw error;
      });
    this.tenants.set(tenantId, entry);
    return entry;
  }

  /** Reads the tenant again in the background (bounding any drift) while the held copy keeps serving. */
  private reread(tenantId: string, entry: TenantEntry): void {
    const fresh = this.recentOf(tenantId);
    entry.rereading = fresh;
    this.load(tenantId, (contactId, version, contact) => put(fresh, contactId, version, contact)).then(
      () => {
        entry.contacts = fresh;
        entry.loadedAt = this.now();
        entry.rereading = undefined;
      },
      () => {
        entry.rereading = undefined;
        entry.loadedAt = this.now(); // keep serving what is held; try again after another maxAgeMs
      },
    );
  }

  private evictBeyondBudget(keep: string): void {
    let total = this.size().contacts;
    const byAge = [...this.tenants.entries()].filter(([id]) => id !== keep).sort(([, a], [, b]) => a.lastUsedAt - b.lastUsedAt);
    for (const [id, entry] of byAge) {
      if (total <= this.options.maxContacts) return;
      total -= entry.contacts.size;
      this.tenants.delete(id);
    }
  }
}

/** A later version replaces what is held; so does going away at the same version (a merge). */
const newer = (held: CachedContact, version: number, contact: SegmentContact | null) => held.version < version || (held.version === version && contact === null);

function put(contacts: Map<string, CachedContact>, contactId: string, version: number, contact: SegmentContact | null): void {
  const held = contacts.get(contactId);
  if (!held || newer(held, version, contact)) contacts.set(contactId, { version, contact });
}

function* liveContacts(contacts: Map<string, CachedContact>): Iterable<SegmentContact> {
  for (const { contact } of contacts.values()) if (contact) yield contact;
}
