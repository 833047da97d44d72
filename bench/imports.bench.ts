// Imports benchmark: generated CSV files (fixed seed; 5 % invalid phones, 3 % repeated within the
// file, national and international formats mixed) imported end to end through the real services.
//   1. baseline: raw insertMany of the same contact documents into the same database;
//   2. a small and a large file imported through upload → mapping → run; rows/s end to end, the
//      ratio to the baseline, and the import worker's peak memory for each size (it must stay flat).
// Each service runs as its own process; the worker is restarted per file so its peak is its own.
//   npm run bench:imports        (BENCH_ROWS=1000000 BENCH_ROWS_SMALL=100000 by default; 0 skips a size)
import { createWriteStream, mkdirSync, openAsBlob, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { ContactSchema } from '../services/contacts/src/contacts/contact.schema';
import { ContactWriter } from '../services/contacts/src/contacts/contact-writer';
import { newContactRecord } from '../services/contacts/src/contacts/contacts.service';
import { resolveContactFields } from '../services/contacts/src/contacts/domain/contact-input';
import { apiClient, BENCH_DIR, benchInfrastructure, log, peakRssMb, SEED, startProcess, stopProcess } from './bench-kit';
import { generateContact, seededRandom } from './generate-contacts';

const LARGE = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SMALL = Number(process.env.BENCH_ROWS_SMALL ?? 100_000);
const CONTACTS_PORT = 3911;
const IMPORTS_PORT = 3912;
const RULES = { defaultCountry: 'BR', requiredFields: [], customFields: [], leadSources: [] };

/** Writes the CSV; returns the contacts a correct import stores (valid, first of each phone). */
async function writeCsv(path: string, rows: number): Promise<Array<Record<string, unknown>>> {
  const random = seededRandom(SEED);
  const out = createWriteStream(path);
  const stored: Array<Record<string, unknown>> = [];
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('Telefone,Nome,Sobrenome,Email,Empresa,Etiquetas\n');
  for (let i = 0; i < rows; i++) {
    const c = generateContact(i, random);
    const roll = random();
    let phone: string;
    if (roll < 0.05) phone = `(11) ${1000 + i}`; // not a phone
    else if (roll < 0.08 && stored.length > 0) phone = String(stored[Math.floor(random() * stored.length)].phone); // repeated
    else {
      const national = `(${c.phone.slice(3, 5)}) ${c.phone.slice(5, 10)}-${c.phone.slice(10)}`;
      phone = random() < 0.5 ? national : `+55 ${c.phone.slice(3, 5)} ${c.phone.slice(5, 10)} ${c.phone.slice(10)}`;
      stored.push({ ...c, phone: c.phone });
    }
    await write(`"${phone}",${c.firstName},${c.lastName},${c.email},"${c.company}","${c.tags.join(',')}"\n`);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return stored;
}

async function main(): Promise<void> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const { endpoints, runId, prefix, serviceEnv } = await benchInfrastructure('imports');
  const dbName = `bench_imports_${runId}`;
  const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName }).asPromise();
  const env = serviceEnv(dbName, {
    REDIS_URL: endpoints.redisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: 'error', OUTBOX_RELAY_ENABLED: 'false', CONTACTS_URL: `http://127.0.0.1:${CONTACTS_PORT}`,
    CONTACTS_DEFAULT_PLAN_LIMIT: String(LARGE * 2),
  });
  const contacts = await startProcess('contacts-service', 'services/contacts/src/main.ts', CONTACTS_PORT, env);
  const results: Record<string, unknown>[] = [];
  try {
    for (const rows of [SMALL, LARGE].filter((n) => n > 0)) {
      const file = join(BENCH_DIR, `import-${rows}.csv`);
      const expected = await writeCsv(file, rows);
      log(`${rows} rows written to ${file} (${expected.length} to store)`);

      // Baseline: the same contact documents, raw insertMany, same indexes, same database.
      const Baseline = connection.model(`BaselineContact${rows}`, ContactSchema.clone(), `baseline_contacts_${rows}`);
      await Baseline.createIndexes();
      const writer = new ContactWriter(undefined as never, undefined as never);
      let started = performance.now();
      for (let from = 0; from < expected.length; from += 1000) {
        const documents = expected.slice(from, from + 1000).map((c) => {
          const resolved = resolveContactFields(c as never, RULES);
          if (!resolved.ok) throw new Error(`invalid generated contact: ${JSON.stringify(resolved.errors)}`);
          return newContactRecord(writer, { tenantId: 'baseline' }, resolved.fields);
        });
        await Baseline.collection.insertMany(documents as never[], { ordered: false });
      }
      const baselineRate = expected.length / ((performance.now() - started) / 1000);
      log(`baseline insertMany of ${expected.length} contacts: ${Math.round(baselineRate)} rows/s`);
      await Baseline.collection.drop();

      const tenant = `bench${rows}`;
      const api = apiClient(IMPORTS_PORT, tenant);
      const worker = await startProcess(`imports-service-${rows}`, 'services/imports/src/main.ts', IMPORTS_PORT, { ...env, IMPORT_WORKER_CONCURRENCY: '1' });
      try {
        started = performance.now();
        const form = new FormData();
        form.append('file', await openAsBlob(file), `import-${rows}.csv`);
        const created = await api('POST', '/v1/imports', form);
        const uploadSeconds = (performance.now() - started) / 1000;
        await api('PUT', `/v1/imports/${created.id}/mapping`, { columns: created.mapping, options: { mode: 'upsert', defaultCountry: 'BR' } });
        const runStarted = performance.now();
        await api('POST', `/v1/imports/${created.id}/run`);
        let view: any;
        for (;;) {
          view = await api('GET', `/v1/imports/${created.id}`);
          if (['completed', 'failed', 'cancelled'].includes(view.run.state)) break;
          await new Promise((r) => setTimeout(r, 1000));
        }
        const runSeconds = (performance.now() - runStarted) / 1000;
        if (view.run.state !== 'completed' || view.run.counts.created !== expected.length) throw new Error(`import ended ${view.run.state}: ${JSON.stringify(view.run.counts)}`);
        const endToEnd = rows / (uploadSeconds + runSeconds);
        const result = {
          rows, stored: expected.length, counts: view.run.counts, rejectedByReason: view.run.rejectedByReason,
          uploadSeconds: Number(uploadSeconds.toFixed(1)), runSeconds: Number(runSeconds.toFixed(1)),
          endToEndRowsPerSecond: Math.round(endToEnd), storedRowsPerSecondInRun: Math.round(expected.length / runSeconds),
          baselineInsertManyRowsPerSecond: Math.round(baselineRate), runToBaseline: Number((expected.length / runSeconds / baselineRate).toFixed(3)),
          workerPeakRssMb: Math.round(peakRssMb(worker.pid!)),
        };
        log(JSON.stringify(result));
        results.push(result);
      } finally {
        await stopProcess(worker);
      }
    }
    const report = { seed: SEED, infrastructure: endpoints.source, results };
    writeFileSync(join(BENCH_DIR, `imports-${runId}.json`), JSON.stringify(report, null, 2));
    log(JSON.stringify(report, null, 2));
  } finally {
    await stopProcess(contacts);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
