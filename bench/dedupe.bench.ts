// Dedupe benchmark: accuracy and speed of the full scan on a generated tenant with known truth.
//   BENCH_CONTACTS people (fixed seed), BENCH_DUPLICATES of them entered again with realistic
//   corruptions (bench/generate-duplicates.ts). Reported: precision, recall and F1 of the candidate
//   pairs and the full-scan time, and, measured in the same run, the same for a baseline matching on
//   exact phone or exact email only.
//   npm run bench:dedupe     (BENCH_CONTACTS=1000000 BENCH_DUPLICATES=0.05)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ScoredPair } from '../services/dedupe/src/matching/domain/candidate-groups';
import { scanContacts } from '../services/dedupe/src/matching/domain/full-scan';
import { MatchableContact } from '../services/dedupe/src/matching/domain/pair-scorer';
import { phoneIdentity } from '../services/dedupe/src/matching/domain/phone-identity';
import { mailboxOf } from '../services/dedupe/src/matching/domain/text-keys';
import { BENCH_DIR, SEED, log, peakRssMb } from './bench-kit';
import { generateTenant } from './generate-duplicates';
import { seededRandom } from './generate-contacts';

const PEOPLE = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const SHARE = Number(process.env.BENCH_DUPLICATES ?? 0.05);

/** Pairs sharing the exact phone string or the exact (lower-cased) email. */
function exactBaseline(contacts: readonly MatchableContact[]): ScoredPair[] {
  const byKey = new Map<string, string[]>();
  for (const c of contacts) {
    for (const key of [`p:${c.phone}`, c.email ? `e:${c.email.trim().toLowerCase()}` : null]) {
      if (!key) continue;
      const ids = byKey.get(key);
      if (ids) ids.push(c.id);
      else byKey.set(key, [c.id]);
    }
  }
  const seen = new Set<string>();
  const pairs: ScoredPair[] = [];
  for (const ids of byKey.values()) {
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const key = ids[i] < ids[j] ? `${ids[i]}|${ids[j]}` : `${ids[j]}|${ids[i]}`;
        if (!seen.has(key)) {
          seen.add(key);
          pairs.push({ a: ids[i], b: ids[j], score: 1 });
        }
      }
    }
  }
  return pairs;
}

function accuracy(pairs: readonly ScoredPair[], personOf: Map<string, string>, truePairs: number) {
  const correct = pairs.filter((p) => personOf.get(p.a) === personOf.get(p.b)).length;
  const precision = pairs.length === 0 ? 1 : correct / pairs.length;
  const recall = correct / truePairs;
  const f1 = (2 * precision * recall) / (precision + recall);
  const round = (n: number) => Number(n.toFixed(4));
  return { pairs: pairs.length, correct, precision: round(precision), recall: round(recall), f1: round(f1) };
}

/**
 * Copies that share an identifier with their original (the same line in another form, or the same
 * mailbox), and how many of those the pairs found: the rest are linked by a name at a company
 * only, the weakest evidence the generator gives.
 */
function identifiable(contacts: readonly MatchableContact[], personOf: Map<string, string>, pairs: readonly ScoredPair[]) {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const found = new Set(pairs.map((p) => (p.a < p.b ? `${p.a}|${p.b}` : `${p.b}|${p.a}`)));
  let total = 0;
  let hit = 0;
  for (const copy of contacts) {
    const original = byId.get(personOf.get(copy.id)!)!;
    if (original === copy) continue;
    const shares = phoneIdentity(original.phone) === phoneIdentity(copy.phone) || (mailboxOf(original.email) !== null && mailboxOf(original.email) === mailboxOf(copy.email));
    if (!shares) continue;
    total += 1;
    if (found.has(original.id < copy.id ? `${original.id}|${copy.id}` : `${copy.id}|${original.id}`)) hit += 1;
  }
  return { copiesWithIdentifier: total, recallOnThose: Number((hit / total).toFixed(4)) };
}

function main(): void {
  let started = performance.now();
  const { contacts, personOf, truePairs } = generateTenant(PEOPLE, SHARE, seededRandom(SEED));
  log(`${contacts.length} contacts (${PEOPLE} people, ${truePairs} duplicate pairs) generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  const baseline = exactBaseline(contacts);
  const baselineSeconds = (performance.now() - started) / 1000;
  const baselineReport = { seconds: Number(baselineSeconds.toFixed(1)), ...accuracy(baseline, personOf, truePairs) };
  log(`baseline (exact phone or email): ${JSON.stringify(baselineReport)}`);

  started = performance.now();
  const scan = scanContacts(contacts);
  const scanSeconds = (performance.now() - started) / 1000;
  const scanReport = {
    seconds: Number(scanSeconds.toFixed(1)), compared: scan.compared, blocks: scan.blocks, saturatedBlocks: scan.saturatedBlocks,
    ...accuracy(scan.pairs, personOf, truePairs),
    ...identifiable(contacts, personOf, scan.pairs),
  };
  log(`full scan: ${JSON.stringify(scanReport)}`);

  const report = { contacts: contacts.length, people: PEOPLE, duplicateShare: SHARE, truePairs, seed: SEED, scan: scanReport, baseline: baselineReport, peakRssMb: Math.round(peakRssMb(process.pid)) };
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(join(BENCH_DIR, `dedupe-${Date.now().toString(36)}.json`), JSON.stringify(report, null, 2));
  log(JSON.stringify(report, null, 2));
}

main();
