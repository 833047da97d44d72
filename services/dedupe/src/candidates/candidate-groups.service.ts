import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@roster/http';
import { CandidateGroup, DEFAULT_GROUPING, groupCandidates } from '../matching/domain/candidate-groups';
import { DedupeSettings } from '../settings/dedupe-settings';
import { Feature } from '../matching/domain/evidence-score';
import { evidenceOf, matchingFingerprint } from './candidate-finder';
import { PairRecord } from './candidates.schema';
import { DedupeContactsRepository, PairsRepository } from './candidates.repositories';

export interface CandidateGroupView {
  score: number;
  /** `version` is what a merge of this group expects: the group must not change in between. */
  members: Array<{ id: string; version: number; firstName: string | null; lastName: string | null; phone: string; email: string | null; company: string | null }>;
  pairs: Array<Pick<PairRecord, 'a' | 'b' | 'score' | 'features'>>;
}

/** Candidate groups for review, and dismissals. */
@Injectable()
export class CandidateGroupsService {
  constructor(
    private readonly contacts: DedupeContactsRepository,
    private readonly pairs: PairsRepository,
    private readonly settings: DedupeSettings,
  ) {}

  /** Open groups, strongest first; with `reason`, only groups where some pair matched on it. */
  async groups(tenantId: string, reason?: Feature, contactId?: string): Promise<CandidateGroupView[]> {
    const open = await this.pairs.open(tenantId);
    const byKey = new Map(open.map((p) => [`${p.a}|${p.b}`, p]));
    const { threshold } = await this.settings.of(tenantId);
    // Pairs stored under a lower threshold than the tenant's current one wait for a scan; they do not show.
    const groups = groupCandidates(open.map(({ a, b, score }) => ({ a, b, score })), { ...DEFAULT_GROUPING, threshold })
      .filter((g) => !contactId || g.members.includes(contactId))
      .filter((g) => !reason || g.pairs.some((p) => byKey.get(`${p.a}|${p.b}`)?.features.some((f) => f.feature === reason && f.score > 0)));
    const people = new Map((await this.contacts.many(tenantId, groups.flatMap((g) => g.members))).map((r) => [r.contactId, r]));
    return groups.map((group: CandidateGroup) => ({
      score: group.score,
      members: group.members.map((id) => {
        const record = people.get(id);
        const c = record?.contact;
        return { id, version: record?.version ?? 0, firstName: c?.firstName ?? null, lastName: c?.lastName ?? null, phone: c?.phone ?? '', email: c?.email ?? null, company: c?.company ?? null };
      }),
      pairs: group.pairs.map((p) => {
        const { a, b, score, features } = byKey.get(`${p.a}|${p.b}`)!;
        return { a, b, score, features };
      }),
    }));
  }

  /** Marks every candidate pair among these contacts "not duplicates" until a matching field changes. */
  async dismiss(tenantId: string, contactIds: string[]): Promise<number> {
    const unique = [...new Set(contactIds)];
    if (unique.length < 2) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'too-few-contacts', 'Name at least two different contacts');
    const records = new Map((await this.contacts.many(tenantId, unique)).map((r) => [r.contactId, r.contact]));
    const unknown = unique.filter((id) => !records.get(id));
    if (unknown.length > 0) throw new ProblemException(HttpStatus.NOT_FOUND, 'contact-not-found', `Unknown contacts: ${unknown.join(', ')}`);
    const { matchFields } = await this.settings.of(tenantId);
    let dismissed = 0;
    for (let i = 0; i < unique.length; i++) {
      for (let j = i + 1; j < unique.length; j++) {
        const pair = await this.pairs.get(tenantId, unique[i], unique[j]);
        if (!pair) continue;
        const fingerprint = matchingFingerprint(evidenceOf(records.get(unique[i])!), evidenceOf(records.get(unique[j])!), matchFields);
        await this.pairs.put({ ...pair, status: 'dismissed', dismissedFingerprint: fingerprint, updatedAt: new Date() });
        dismissed += 1;
      }
    }
    return dismissed;
  }
}
