// Contacts benchmark: a tenant of BENCH_CONTACTS generated contacts (fixed seed).
//   1. baseline: raw insertMany of the same documents into the same database (same indexes), the
//      first BENCH_BASELINE_CONTACTS of them (default: all);
//   2. bulk upsert of all contacts through the HTTP API, 1,000 rows a call; its rate over the rows
//      the baseline inserted is compared with the baseline's, and its rate over all is reported;
//   3. at full size, create / get / update / search latency p50 and p99 under concurrent load
//      (BENCH_SEARCH=0 leaves search out).
// The service runs as its own process; this process only generates load.
//   npm run bench:contacts            (BENCH_CONTACTS=1000000 BENCH_CONCURRENCY=8 BENCH_OPS=2000)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { ContactSchema } from '../services/contacts/src/contacts/contact.schema';
import { ContactWriter } from '../services/contacts/src/contacts/contact-writer';
import { newContactRecord } from '../services/contacts/src/contacts/contacts.service';
import { resolveContactFields } from '../services/contacts/src/contacts/domain/contact-input';
import { apiClient, BENCH_DIR, benchInfrastructure, log, percentile, runConcurrently, SEED, startProcess, stopProcess } from './bench-kit';
import { GeneratedContact, generateContact, seededRandom } from './generate-contacts';

const N = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
// A baseline over fewer rows saves loading a large tenant twice; the ratio compares equal rows.
const BASELINE_N = Math.min(N, Number(process.env.BENCH_BASELINE_CONTACTS ?? N));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const OPS = Number(process.env.BENCH_OPS ?? 2000);
const SEARCH = process.env.BENCH_SEARCH !== '0';
const BATCH = 1000;
const PORT = Number(process.env.BENCH_PORT ?? 3901);
const TENANT = 'bench';
const RULES = { defaultCountry: 'BR', requiredFields: [], customFields: [], leadSources: [] };

const api = apiClient(PORT, TENANT);

async function main(): Promise<void> {
  const { endpoints, runId, serviceEnv } = await benchInfrastructure('contacts');
  const dbName = `bench_${runId}`;
  const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName }).asPromise();
  const random = seededRandom(SEED);
  const contacts: GeneratedContact[] = Array.from({ length: N }, (_, i) => generateContact(i, random));
  log(`${N} contacts generated (seed ${SEED}); database ${dbName}`);

  // 1. Baseline: the very documents the service stores, raw insertMany, same indexes.
  const Baseline = connection.model('BaselineContact', ContactSchema.clone(), 'baseline_contacts');
  await Baseline.createIndexes();
  const writer = new ContactWriter(undefined as never, undefined as never);
  const documents = (from: number, to: number) =>
    contacts.slice(from, to).map((c) => {
      const resolved = resolveContactFields(c, RULES);
      if (!resolved.ok) throw new Error(`generator made an invalid contact: ${JSON.stringify(resolved.errors)}`);
      return newContactRecord(writer, { tenantId: TENANT }, resolved.fields);
    });
  let started = performance.now();
  await runConcurrently(Math.ceil(BASELINE_N / BATCH), 2, async (b) => {
    await Baseline.collection.insertMany(documents(b * BATCH, Math.min((b + 1) * BATCH, BASELINE_N)) as never[], { ordered: false });
  });
  const baselineRate = BASELINE_N / ((performance.now() - started) / 1000);
  log(`baseline insertMany of ${BASELINE_N} rows: ${baselineRate.toFixed(0)} rows/s`);
  await Baseline.collection.drop();

  // 2. Bulk upsert through the API (outbox relay off: events stay queued in the documents).
  const service = await startProcess('contacts-service', 'services/contacts/src/main.ts', PORT, serviceEnv(dbName, { LOG_LEVEL: 'error', OUTBOX_RELAY_ENABLED: 'false' }));
  try {
    await apiClient(PORT, TENANT, 'operator')('PUT', '/v1/tenant/plan', { planLimit: N + OPS * 2 });
    await api('PATCH', '/v1/tenant', { defaultCountry: 'BR' });
    const ids: string[] = new Array(N);
    let upsertedBaselineRowsAt = 0;
    let upserted = 0;
    started = performance.now();
    await runConcurrently(Math.ceil(N / BATCH), 2, async (b) => {
      const rows = contacts.slice(b * BATCH, (b + 1) * BATCH);
      const result = await api('POST', '/v1/contacts/bulk-upsert', { batchKey: `bench:${b}`, mode: 'upsert', contacts: rows });
      if (result.counts.created !== rows.length) throw new Error(`batch ${b}: ${JSON.stringify(result.counts)}`);
      result.results.forEach((r: { contactId: string }, i: number) => (ids[b * BATCH + i] = r.contactId));
      upserted += rows.length;
      if (!upsertedBaselineRowsAt && upserted >= BASELINE_N) upsertedBaselineRowsAt = performance.now();
      if (b % 100 === 0) log(`  upserted ${upserted}`);
    });
    const upsertRate = N / ((performance.now() - started) / 1000);
    const comparedRate = BASELINE_N / ((upsertedBaselineRowsAt - started) / 1000);
    log(`bulk upsert: ${upsertRate.toFixed(0)} rows/s over ${N} rows; ${comparedRate.toFixed(0)} rows/s over the first ${BASELINE_N} (${((comparedRate / baselineRate) * 100).toFixed(0)}% of raw insertMany)`);

    // 3. Latency at full size.
    const pickId = seededRandom(SEED + 1);
    const latency: Record<string, number[]> = {};
    latency.create = await runConcurrently(OPS, CONCURRENCY, async (i) => {
      await api('POST', '/v1/contacts', generateContact(N + i, pickId));
    });
    latency.get = await runConcurrently(OPS, CONCURRENCY, async () => {
      await api('GET', `/v1/contacts/${ids[Math.floor(pickId() * N)]}`);
    });
    latency.update = await runConcurrently(OPS, CONCURRENCY, async (i) => {
      await api('PATCH', `/v1/contacts/${ids[Math.floor(pickId() * N)]}`, { company: `Bench ${i}` });
    });
    if (SEARCH) {
      latency.search = await runConcurrently(OPS, CONCURRENCY, async (i) => {
        const c = contacts[Math.floor(pickId() * N)];
        const q = i % 2 === 0 ? c.phone.slice(-7) : `${c.firstName} ${c.lastName}`;
        await api('GET', `/v1/contacts?limit=50&q=${encodeURIComponent(q)}`);
      });
    }

    const report = {
      contacts: N,
      seed: SEED,
      concurrency: CONCURRENCY,
      opsPerKind: OPS,
      infrastructure: endpoints.source,
      baselineRows: BASELINE_N,
      baselineInsertManyRowsPerSecond: Math.round(baselineRate),
      bulkUpsertRowsPerSecond: Math.round(upsertRate),
      bulkUpsertRowsPerSecondOverBaselineRows: Math.round(comparedRate),
      bulkUpsertToBaseline: Number((comparedRate / baselineRate).toFixed(3)),
      latencyMs: Object.fromEntries(
        Object.entries(latency).map(([kind, l]) => [kind, { p50: Number(percentile(l, 50).toFixed(1)), p99: Number(percentile(l, 99).toFixed(1)) }]),
      ),
    };
    log(JSON.stringify(report, null, 2));
    writeFileSync(join(BENCH_DIR, `contacts-${runId}.json`), JSON.stringify(report, null, 2));
  } finally {
    await stopProcess(service);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
