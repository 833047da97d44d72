// Dedupe accuracy on evidence beyond identifiers: the FEBRL datasets (bench/febrl.ts) loaded as a
// tenant's contacts, with phones synthesized per person (a copy keeps the line, written another way,
// or is on another line), address and postcode as the tenant's match fields. Reported per kind of
// duplicate, in the same run: the exact-match baseline (same phone or email), the identifier matcher
// (scanContacts, phone / mailbox / name at a company), and the Fellegi–Sunter matcher fitted to
// the tenant's own data.
//   npm run bench:dedupe-accuracy   (BENCH_FEBRL=dataset1,dataset2,dataset3 BENCH_GENERATED_PEOPLE=100000
//                                    BENCH_GENERATED=1000000 BENCH_THRESHOLD=0.6)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { blockingRules } from '../services/dedupe/src/matching/domain/blocking-rules';
import { EvidenceContact, MatchFieldDefinition, comparatorsFor, prepareContact } from '../services/dedupe/src/matching/domain/evidence';
import { blockedPairs, fitToContacts, scorePairs } from '../services/dedupe/src/matching/domain/evidence-scan';
import { scanContacts } from '../services/dedupe/src/matching/domain/full-scan';
import { phoneIdentity } from '../services/dedupe/src/matching/domain/phone-identity';
import { BENCH_DIR, SEED, log } from './bench-kit';
import { FebrlRecord, loadFebrl } from './febrl';
import { seededRandom } from './generate-contacts';
import { generateTenant } from './generate-duplicates';

const DATASETS = (process.env.BENCH_FEBRL ?? 'dataset1,dataset2,dataset3').split(',').filter(Boolean);
/** Contacts of the project's generator scanned by the new matcher, for its speed at scale (0: skipped). */
const GENERATED = Number(process.env.BENCH_GENERATED ?? 1_000_000);
/** People of the generated tenant measured for accuracy, 5 % entered again, 30 % of those with no phone or email of theirs. */
const GENERATED_PEOPLE = Number(process.env.BENCH_GENERATED_PEOPLE ?? 100_000);
const THRESHOLD = Number(process.env.BENCH_THRESHOLD ?? 0.6);
/** Share of copies that keep their person's line (written another way); the rest are on another line. */
const SAME_LINE = 0.4;
const MATCH_FIELDS: MatchFieldDefinition[] = [
  { key: 'address', comparison: 'text' },
  { key: 'postcode', comparison: 'exact' },
];

const isoDate = (yyyymmdd: string) => (/^\d{8}$/.test(yyyymmdd) ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : null);

function asContacts(records: readonly FebrlRecord[], random: () => number): EvidenceContact[] {
  const line = (n: number) => `+447${String((n * 7919 + 104729) % 1e9).padStart(9, '0')}`;
  let otherLines = 1_000_000;
  return records.map((r) => {
    const own = line(Number(r.person));
    const copy = r.recId.includes('-dup-');
    const phone = !copy ? own : random() < SAME_LINE ? `+440${own.slice(3)}` : line(otherLines++);
    return {
      id: r.recId, phone, firstName: r.givenName || null, lastName: r.surname || null, email: null, company: null, city: r.suburb || null,
      birthDate: isoDate(r.dateOfBirth), fields: { address: [r.streetNumber, r.address1].filter(Boolean).join(' ') || null, postcode: r.postcode || null },
    };
  });
}

type Pair = { a: string; b: string };
const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Precision and recall over all duplicates, and recall per kind of duplicate. */
function accuracy(found: readonly Pair[], contacts: readonly EvidenceContact[], personOf: (id: string) => string) {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const truth = new Map<string, 'same line' | 'other line, with email' | 'other line, without email'>();
  const byPerson = new Map<string, EvidenceContact[]>();
  for (const c of contacts) byPerson.set(personOf(c.id), [...(byPerson.get(personOf(c.id)) ?? []), c]);
  for (const group of byPerson.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [x, y] = [group[i], group[j]];
        const kind = phoneIdentity(x.phone) === phoneIdentity(y.phone) ? 'same line' : x.email && y.email ? 'other line, with email' : 'other line, without email';
        truth.set(key(x.id, y.id), kind);
      }
    }
  }
  const hits = new Set(found.map((p) => key(p.a, p.b)).filter((k) => truth.has(k)));
  const round = (n: number) => Number(n.toFixed(4));
  const perKind: Record<string, { pairs: number; recall: number }> = {};
  for (const kind of new Set(truth.values())) {
    const ofKind = [...truth].filter(([, k]) => k === kind).map(([k]) => k);
    perKind[kind] = { pairs: ofKind.length, recall: round(ofKind.filter((k) => hits.has(k)).length / ofKind.length) };
  }
  void byId;
  return { found: found.length, truePairs: truth.size, precision: round(found.length ? hits.size / found.length : 1), recall: round(hits.size / truth.size), perKind };
}

/** The evidence matcher's whole scan: prepare, block, fit the model, score; timed. */
function evidenceMatch(contacts: readonly EvidenceContact[]) {
  const started = performance.now();
  const comparators = comparatorsFor(MATCH_FIELDS);
  const prepared = contacts.map((c) => prepareContact(c, MATCH_FIELDS));
  const rules = blockingRules(MATCH_FIELDS);
  const blocked = blockedPairs(prepared, rules, 200);
  const model = fitToContacts(prepared, blocked.pairs, rules, comparators, seededRandom(SEED + 1));
  const pairs = scorePairs(prepared, blocked.pairs, model, comparators, THRESHOLD);
  return { comparators, blocked, model, pairs, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}

/** Pairs sharing the exact phone string or the exact (lower-cased) email. */
function exactBaseline(contacts: readonly EvidenceContact[]): Pair[] {
  const byKey = new Map<string, string[]>();
  for (const c of contacts) {
    for (const k of [`p:${c.phone}`, c.email ? `e:${c.email.trim().toLowerCase()}` : '']) if (k) byKey.set(k, [...(byKey.get(k) ?? []), c.id]);
  }
  const pairs = new Map<string, Pair>();
  for (const ids of byKey.values()) ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => pairs.set(key(a, b), { a, b })));
  return [...pairs.values()];
}

function febrl(name: string) {
  const records = loadFebrl(name);
  return measure(`FEBRL ${name}`, asContacts(records, seededRandom(SEED)), (id: string) => id.split('-')[1]);
}

function generated() {
  const { contacts, personOf } = generateTenant(GENERATED_PEOPLE, 0.05, seededRandom(SEED), { unidentified: 0.3, evidenceRandom: seededRandom(SEED + 2) });
  const asEvidence: EvidenceContact[] = contacts.map((c) => ({ ...c, city: c.location.city, fields: { address: c.address, postcode: c.postcode } }));
  return measure(`generated, ${GENERATED_PEOPLE} people`, asEvidence, (id) => personOf.get(id)!);
}

function measure(name: string, contacts: EvidenceContact[], personOf: (id: string) => string) {
  const report: Record<string, unknown> = { dataset: name, contacts: contacts.length };

  report.exactBaseline = accuracy(exactBaseline(contacts), contacts, personOf);

  const started = performance.now();
  const identifier = scanContacts(contacts.map((c) => ({ id: c.id, phone: c.phone, firstName: c.firstName, lastName: c.lastName, email: c.email, company: c.company, location: { country: null, city: c.city }, tags: [] })));
  report.identifierMatcher = { seconds: Number(((performance.now() - started) / 1000).toFixed(2)), compared: identifier.compared, ...accuracy(identifier.pairs, contacts, personOf) };

  const { comparators, blocked, model, pairs, seconds } = evidenceMatch(contacts);
  report.fellegiSunter = {
    seconds, threshold: THRESHOLD, compared: blocked.pairs.length, rules: blocked.rules,
    ...accuracy(pairs, contacts, personOf),
    weights: Object.fromEntries(comparators.map((c) => [c.field, c.levels.map((level, i) => `${level}: ${Math.log2(model.fields[c.field].m[i] / model.fields[c.field].u[i]).toFixed(1)}`)])),
    prior: Number(model.prior.toFixed(4)),
  };
  return report;
}

/** The new matcher's whole scan (prepare, block, fit, score) over generated contacts, timed. */
function atScale() {
  const { contacts: generated } = generateTenant(Math.round(GENERATED / 1.05), 0.05, seededRandom(SEED), { unidentified: 0.3, evidenceRandom: seededRandom(SEED + 2) });
  const contacts: EvidenceContact[] = generated.map((c) => ({ ...c, city: c.location.city, fields: { address: c.address, postcode: c.postcode } }));
  const { blocked, pairs, seconds } = evidenceMatch(contacts);
  return { rules: blocked.rules, contacts: contacts.length, withBirthDatesAndAddresses: true, seconds, compared: blocked.pairs.length, found: pairs.length, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) };
}

function main(): void {
  const reports: unknown[] = [...DATASETS.map(febrl), ...(GENERATED_PEOPLE > 0 ? [generated()] : [])];
  if (GENERATED > 0) reports.push({ atScale: atScale() });
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(join(BENCH_DIR, `dedupe-accuracy-${Date.now().toString(36)}.json`), JSON.stringify(reports, null, 2));
  log(JSON.stringify(reports, null, 2));
}

main();
