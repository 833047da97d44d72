import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Counter } from 'prom-client';
import { ContactSnapshot } from '@roster/contracts';
import { MetricsRegistry } from '@roster/observability';
import { blockingRules, keyStrings } from '../matching/domain/blocking-rules';
import { EvidenceContact, MatchFieldDefinition, prepareContact } from '../matching/domain/evidence';
import { PairScore, matcherFor, scoreEvidence } from '../matching/domain/evidence-score';
import { CandidatePairsFeed } from './candidate-pairs.feed';
import { DedupeSettings } from '../settings/dedupe-settings';
import { DedupeContactRecord, dedupeContactId, pairId } from './candidates.schema';
import { BlocksRepository, DedupeContactsRepository, PairsRepository } from './candidates.repositories';

const MAX_ATTEMPTS = 10;

export type FoundPairs = Map<string, { other: EvidenceContact; score: PairScore }>;

export const evidenceOf = (c: ContactSnapshot): EvidenceContact => ({
  id: c.id, phone: c.phone, firstName: c.firstName, lastName: c.lastName, email: c.email, company: c.company, city: c.location.city,
  birthDate: c.birthDate, fields: Object.fromEntries(Object.entries(c.customFields).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v])),
});

/** The blocks a contact falls in: each blocking rule's keys, named by the rule. */
export function blockKeysOf(contact: EvidenceContact, matchFields: readonly MatchFieldDefinition[]): string[] {
  const prepared = prepareContact(contact, matchFields);
  return keyStrings(blockingRules(matchFields), prepared);
}

/** What a dismissal remembers: the pair comes back only when one of these changes. */
export function matchingFingerprint(x: EvidenceContact, y: EvidenceContact, matchFields: readonly MatchFieldDefinition[]): string {
  const fields = (c: EvidenceContact) => {
    const p = prepareContact(c, matchFields);
    return [c.id, p.identity, p.mailbox, p.first, p.last, p.birth, p.company, p.city, [...p.fields].sort()];
  };
  const [first, second] = x.id < y.id ? [x, y] : [y, x];
  return createHash('sha256').update(JSON.stringify([fields(first), fields(second)])).digest('base64url');
}

/**
 * Keeps a contact's blocks and candidate pairs current: a changed contact is compared with the
 * contacts sharing one of its blocks (found by key), and its pairs are written, kept dismissed, or
 * dropped. Each step is idempotent, so an event applied twice, or a scan, changes nothing more.
 */
@Injectable()
export class CandidateFinder {
  constructor(
    private readonly contacts: DedupeContactsRepository,
    private readonly blocks: BlocksRepository,
    private readonly pairs: PairsRepository,
    private readonly feed: CandidatePairsFeed,
    private readonly settings: DedupeSettings,
    metrics: MetricsRegistry,
  ) {
    this.pairsFound = metrics.counter('roster_dedupe_candidate_pairs_found_total', 'Candidate pairs that newly reached the threshold');
  }

  private readonly pairsFound: Counter<string>;

  /**
   * Applies a contact's state at `version` (null once gone). An older or equal version is skipped,
   * except `terminal` (a merged-away contact, whose own version the merge event does not carry).
   */
  async apply(tenantId: string, contactId: string, contact: ContactSnapshot | null, version: number, terminal = false): Promise<'applied' | 'skipped'> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.contacts.get(tenantId, contactId);
      if (terminal ? current?.contact === null : current && current.version >= version) return 'skipped';
      const { matchFields } = await this.settings.of(tenantId);
      const record: DedupeContactRecord = {
        _id: dedupeContactId(tenantId, contactId),
        tenantId,
        contactId,
        version: terminal ? Math.max(version, current?.version ?? 0) : version,
        contact,
        keys: contact ? blockKeysOf(evidenceOf(contact), matchFields) : [],
        partners: current?.partners ?? [],
      };
      if (!(await this.contacts.replace(record, current ? current.version : null))) continue;
      const before = new Set(current?.keys ?? []);
      await this.blocks.move(tenantId, contactId, record.keys.filter((key) => !before.has(key)), [...before].filter((key) => !record.keys.includes(key)));
      await this.refreshPairs(record);
      return 'applied';
    }
    throw new Error(`contact ${contactId} kept changing under ${MAX_ATTEMPTS} attempts`);
  }

  /** Recomputes the contact's pairs from its blocks; returns how many it has. */
  async refreshPairs(record: DedupeContactRecord): Promise<number> {
    const { tenantId, contactId } = record;
    const contact = record.contact && evidenceOf(record.contact);
    const found: FoundPairs = new Map();
    const { threshold, matchFields } = await this.settings.of(tenantId);
    if (contact) {
      const matcher = matcherFor(matchFields, await this.settings.matchModel(tenantId));
      // The changed contact is prepared once, not once per neighbour.
      const prepared = prepareContact(contact, matchFields);
      const neighbours = (await this.blocks.neighbours(tenantId, record.keys)).filter((id) => id !== contactId);
      for (const other of await this.contacts.many(tenantId, neighbours)) {
        if (!other.contact) continue;
        const evidence = evidenceOf(other.contact);
        const score = scoreEvidence(matcher, prepared, prepareContact(evidence, matchFields), { a: contact, b: evidence });
        if (score.score >= threshold) found.set(other.contactId, { other: evidence, score });
      }
    }
    const count = await this.writePairs(record, contact, found, matchFields);
    if (contact && found.size > 0) await this.feed.publish({ tenantId, contact, found });
    return count;
  }

  /**
   * Makes the stored pairs of the contact (`contact`, its matchable form, null once gone) exactly
   * `found` (a pair the tenant dismissed stays dismissed while its matching fields are unchanged);
   * returns how many it has.
   */
  async writePairs(record: DedupeContactRecord, contact: EvidenceContact | null, found: FoundPairs, matchFields: readonly MatchFieldDefinition[]): Promise<number> {
    const { tenantId, contactId } = record;
    const pairs = await Promise.all([...found].map(async ([otherId, { other, score }]) => {
      const existing = await this.pairs.get(tenantId, contactId, otherId);
      const fingerprint = matchingFingerprint(contact!, other, matchFields);
      const stillDismissed = existing?.status === 'dismissed' && existing.dismissedFingerprint === fingerprint;
      const [a, b] = contactId < otherId ? [contactId, otherId] : [otherId, contactId];
      return {
        _id: pairId(tenantId, a, b), tenantId, a, b, score: score.score, features: score.features,
        status: stillDismissed ? 'dismissed' as const : 'open' as const, dismissedFingerprint: stillDismissed ? fingerprint : null, updatedAt: new Date(),
      };
    }));
    const previous = new Set(record.partners);
    const gone = [...previous].filter((id) => !found.has(id));
    const added = [...found.keys()].filter((id) => !previous.has(id));
    await this.pairs.write(tenantId, pairs, gone.map((id) => [contactId, id]));
    await Promise.all([
      ...gone.map((id) => this.contacts.setPartners(tenantId, id, [], [contactId])),
      ...added.map((id) => this.contacts.setPartners(tenantId, id, [contactId], [])),
      this.contacts.setPartners(tenantId, contactId, added, gone),
    ]);
    this.pairsFound.inc(added.length);
    await this.contacts.setPartners(tenantId, contactId, added, gone);
    return found.size;
  }
}
