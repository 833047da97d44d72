import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { ProblemException, SETTINGS, ServiceClient } from '@roster/http';
import { DedupeSettings as DedupeServiceSettings } from '../dedupe.settings';
import { CandidateFinder, FoundPairs, evidenceOf } from '../candidates/candidate-finder';
import { DedupeContactRecord } from '../candidates/candidates.schema';
import { DedupeContactsRepository } from '../candidates/candidates.repositories';
import { blockingRules } from '../matching/domain/blocking-rules';
import { MatchFieldDefinition, prepareContact } from '../matching/domain/evidence';
import { matcherFor, scoreEvidence } from '../matching/domain/evidence-score';
import { blockedPairs, fitToContacts, pairsReaching } from '../matching/domain/evidence-scan';
import { MatchModel } from '../matching/domain/fellegi-sunter';
import { DedupeSettings } from '../settings/dedupe-settings';
import { ScanRecord } from './scan.schema';
import { ScansRepository } from './scans.repository';

/** A running scan that has not reported for this long is taken to have died with its instance. */
const STALLED_AFTER_MS = 60_000;
const PROGRESS_EVERY = 1000;
const CATCH_UP_POLL_MS = 1000;

/** Blocks over this many contacts are too broad to compare pairwise (a shared office line). */
const MAX_BLOCK_MEMBERS = 200;
/** Fewer contacts than this teach a model less than the priors know: such a tenant keeps them. */
const MIN_CONTACTS_TO_FIT = 1000;

/**
 * Every candidate pair among live contacts, found in memory by the blocking rules and scored by the
 * tenant's matcher, by contact. With `fit`, the matcher's model is first fitted to these contacts.
 */
export function candidatePairsOf(records: readonly DedupeContactRecord[], threshold: number, matchFields: readonly MatchFieldDefinition[], model: MatchModel | null, fit = false) {
  const evidence = records.map((r) => evidenceOf(r.contact!));
  const prepared = evidence.map((c) => prepareContact(c, matchFields));
  const rules = blockingRules(matchFields);
  const blocked = blockedPairs(prepared, rules, MAX_BLOCK_MEMBERS);
  const stored = matcherFor(matchFields, model);
  const fitted = fit && records.length >= MIN_CONTACTS_TO_FIT ? fitToContacts(prepared, blocked.pairs, rules, stored.comparators, seededRandom(records.length)) : null;
  const matcher = fitted ? { ...stored, model: fitted } : stored;
  const found = new Map<string, FoundPairs>(records.map((r) => [r.contactId, new Map()]));
  const pairs: Array<{ a: string; b: string }> = [];
  for (const { x, y } of pairsReaching(prepared, blocked.pairs, matcher.model, matcher.comparators, threshold)) {
    const score = scoreEvidence(matcher, prepared[x], prepared[y], { a: evidence[x], b: evidence[y] });
    pairs.push({ a: evidence[x].id, b: evidence[y].id });
    found.get(evidence[x].id)!.set(evidence[y].id, { other: evidence[y], score });
    found.get(evidence[y].id)!.set(evidence[x].id, { other: evidence[x], score });
  }
  return { evidence, found, pairs, compared: blocked.pairs.length, rules: blocked.rules, fitted };
}

/** A fixed-seed generator: a scan of the same contacts fits the same model. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const stalled = (scan: ScanRecord) => scan.state === 'running' && Date.now() - scan.updatedAt.getTime() > STALLED_AFTER_MS;

/**
 * A full scan of a tenant (after an import, or to start afresh): every live contact is read, all
 * candidate pairs are found in memory from the contacts' blocks, and each contact's stored pairs
 * are made to match. Runs in the background on the instance that accepted it, with progress.
 */
@Injectable()
export class TenantScanner {
  private readonly logger = new Logger(TenantScanner.name);
  private readonly contactsService: ServiceClient;

  constructor(
    private readonly scans: ScansRepository,
    private readonly contacts: DedupeContactsRepository,
    private readonly finder: CandidateFinder,
    private readonly settings: DedupeSettings,
    @Inject(SETTINGS) private readonly service: DedupeServiceSettings,
  ) {
    this.contactsService = new ServiceClient({ baseUrl: service.CONTACTS_URL, secret: service.AUTH_JWT_SECRET, subject: 'roster-dedupe', retries: 2, timeoutMs: 10_000 });
  }

  async start(tenantId: string): Promise<ScanRecord> {
    const running = await this.scans.running(tenantId);
    if (running && !stalled(running)) {
      throw new ProblemException(HttpStatus.CONFLICT, 'scan-in-progress', `Scan ${running._id} of this tenant is still running`, { scanId: running._id });
    }
    if (running) await this.scans.progress(running._id, { state: 'failed', failure: 'its instance stopped reporting', finishedAt: new Date() });
    const now = new Date();
    const scan: ScanRecord = {
      _id: `scan_${randomUUID()}`, tenantId, state: 'running', phase: 'catching-up', read: 0, total: 0, expected: null, coverage: null, written: 0, pairsFound: 0, compared: 0,
      failure: null, startedAt: now, updatedAt: now, finishedAt: null,
    };
    await this.scans.insert(scan);
    void this.run(scan).catch(async (error) => {
      this.logger.error({ tenantId, scanId: scan._id, error: (error as Error).message }, 'scan failed');
      await this.scans.progress(scan._id, { state: 'failed', failure: (error as Error).message, finishedAt: new Date() }).catch(() => undefined);
    });
    return scan;
  }

  async get(tenantId: string, id: string): Promise<ScanRecord & { stalled: boolean }> {
    const scan = await this.scans.get(tenantId, id);
    if (!scan) throw new ProblemException(HttpStatus.NOT_FOUND, 'scan-not-found', `No scan ${id}`);
    return { ...scan, stalled: stalled(scan) };
  }

  /** Live contacts the contacts service holds for the tenant; null if it does not answer (the scan then reads what it has). */
  private async expectedContacts(tenantId: string): Promise<number | null> {
    try {
      return (await this.contactsService.call<{ contacts: number }>(tenantId, 'GET', '/v1/tenant/usage')).contacts;
    } catch (error) {
      this.logger.warn({ tenantId, error: (error as Error).message }, 'contacts service did not say how many contacts to expect');
      return null;
    }
  }

  /** Waits (within DEDUPE_SCAN_CATCH_UP_MS) until this service has taken in as many contacts as expected. */
  private async catchUp(scan: ScanRecord, expected: number | null): Promise<void> {
    const deadline = Date.now() + this.service.DEDUPE_SCAN_CATCH_UP_MS;
    for (;;) {
      const taken = await this.contacts.countLive(scan.tenantId);
      await this.scans.progress(scan._id, { read: taken, total: expected ?? taken, expected });
      if (expected === null || taken >= expected || Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
    }
  }

  private async run(scan: ScanRecord): Promise<void> {
    const expected = await this.expectedContacts(scan.tenantId);
    await this.catchUp(scan, expected);
    await this.scans.progress(scan._id, { phase: 'reading', read: 0 });
    const records: DedupeContactRecord[] = [];
    const cursor = this.contacts.streamLive(scan.tenantId);
    try {
      for await (const record of cursor) {
        records.push(record);
        if (records.length % PROGRESS_EVERY === 0) await this.scans.progress(scan._id, { read: records.length });
      }
    } finally {
      await cursor.close();
    }
    const coverage = expected ? Math.min(1, records.length / expected) : null;
    await this.scans.progress(scan._id, { read: records.length, total: records.length, coverage, phase: 'matching' });

    const { threshold, matchFields } = await this.settings.of(scan.tenantId);
    // A full scan fits the tenant's model to its contacts; events then score with it.
    const { evidence, found, pairs, compared, rules, fitted } = candidatePairsOf(records, threshold, matchFields, await this.settings.matchModel(scan.tenantId), true);
    if (fitted) await this.settings.saveMatchModel(scan.tenantId, fitted, records.length);
    await this.scans.progress(scan._id, { phase: 'writing', pairsFound: pairs.length, compared, rules });

    let written = 0;
    for (const [i, record] of records.entries()) {
      await this.finder.writePairs(record, evidence[i], found.get(record.contactId)!, matchFields);
      written += 1;
      if (written % PROGRESS_EVERY === 0) await this.scans.progress(scan._id, { written });
    }
    // Never `completed` over fewer contacts than the contacts service holds.
    const short = expected !== null && records.length < expected;
    await this.scans.progress(scan._id, {
      written, phase: 'done', state: short ? 'incomplete' : 'completed', finishedAt: new Date(),
      failure: short ? `this service had taken in ${records.length} of the tenant's ${expected} contacts when the catch-up wait ended; scan again once it has caught up` : null,
    });
    this.logger.log({ tenantId: scan.tenantId, scanId: scan._id, contacts: records.length, expected, pairs: pairs.length }, short ? 'scan incomplete' : 'scan completed');
  }
}
