import { Injectable } from '@nestjs/common';
import { ContactsRepository } from '../contacts/contacts.repository';

export type TagCount = { key: string; label: string; contacts: number };

/** How long counts are served without counting again when no write of this instance changed tags. */
const FRESH_MS = 60_000;

interface Entry {
  at: number;
  counts: Promise<TagCount[]>;
  settled: boolean;
  stale: boolean;
}

/**
 * The tag catalogue counts every contact's tags, a read of the whole tenant: counts are kept per
 * tenant, a change of tags written here makes the next read count again, and one count per tenant
 * runs at a time (readers meanwhile share it). Writes of other instances show within FRESH_MS.
 */
@Injectable()
export class TagCatalogue {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly contacts: ContactsRepository) {}

  of(tenantId: string): Promise<TagCount[]> {
    const entry = this.entries.get(tenantId);
    if (entry && (!entry.settled || (!entry.stale && Date.now() - entry.at < FRESH_MS))) return entry.counts;
    const fresh: Entry = { at: Date.now(), counts: this.contacts.tagCounts(tenantId), settled: false, stale: false };
    this.entries.set(tenantId, fresh);
    fresh.counts.then(
      () => (fresh.settled = true),
      () => this.entries.get(tenantId) === fresh && this.entries.delete(tenantId),
    );
    return fresh.counts;
  }

  /** Tags of the tenant's contacts changed (written and committed). */
  changed(tenantId: string): void {
    const entry = this.entries.get(tenantId);
    if (entry) entry.stale = true;
  }
}
