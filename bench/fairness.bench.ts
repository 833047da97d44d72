// Fairness benchmark: one tenant's burst against another tenant's edits, through the real path.
//   The contacts, segmentation and dedupe services run as their own processes with their default
//   settings. A tenant with 10 segments bulk-upserts BENCH_CONTACTS (100,000) generated contacts
//   (fixed seed) in batches of 1,000, two at a time, as the imports service writes an import;
//   meanwhile a second tenant's person tags and untags one contact every BENCH_EDIT_MS (1,000).
//   Reported in one run:
//   - baseline: the contacts service's own write rate (rows/s) and the write's duration;
//   - segmentation and dedupe: seconds from the write's start to lag 0 on both lanes, and the
//     ratio to the write's duration (goal: at most 1.5);
//   - the editing tenant: time from each edit's API answer to its membership event on
//     roster.segments.v1, p50/p99/max (goals: p99 at most 2 s, max at most 5 s).
//   npm run bench:fairness      (BENCH_CONTACTS=100000 BENCH_EDIT_MS=1000)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChildProcess } from 'node:child_process';
import mongoose from 'mongoose';
import { Topics, physicalTopic } from '@roster/contracts';
import { signToken } from '@roster/http';
import { serviceLag } from '@roster/testing';
import { dedupeEventConsumer } from '../services/dedupe/src/dedupe.module';
import { segmentationEventConsumer } from '../services/segmentation/src/segmentation.module';
import { BENCH_DIR, BENCH_SECRET, SEED, apiClient, benchInfrastructure, log, percentile, runConcurrently, startProcess, stopProcess } from './bench-kit';
import { generateContact, seededRandom } from './generate-contacts';
import { ruleOf } from './segment-rules';

const N = Number(process.env.BENCH_CONTACTS ?? 100_000);
const EDIT_MS = Number(process.env.BENCH_EDIT_MS ?? 1_000);
const BATCH = 1_000;
const BURSTING = 'bench-burst';
const EDITING = 'bench-editor';
const PORTS = { contacts: 3941, segmentation: 3943, dedupe: 3944 };
/** Ten of the benchmark's rule shapes that need no custom field definitions. */
const SEGMENT_RULES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 11].map(ruleOf);

type Membership = { tenantid: string; data: { segmentId: string; contactId: string; change: 'entered' | 'exited' } };

async function main(): Promise<void> {
  const { endpoints, runId, prefix, kafka, serviceEnv } = await benchInfrastructure('fairness');
  const db = `bench_fairness_${runId}`;
  const env = (extra: Record<string, string> = {}) => serviceEnv(db, { CONTACTS_URL: `http://127.0.0.1:${PORTS.contacts}`, RATE_LIMITS_ENABLED: 'true', ...extra });
  const processes: ChildProcess[] = [];
  try {
    processes.push(await startProcess('fairness-contacts', 'services/contacts/src/main.ts', PORTS.contacts, env()));
    processes.push(await startProcess('fairness-segmentation', 'services/segmentation/src/main.ts', PORTS.segmentation, env()));
    processes.push(await startProcess('fairness-dedupe', 'services/dedupe/src/main.ts', PORTS.dedupe, env()));

    await apiClient(PORTS.contacts, BURSTING, 'operator')('PUT', '/v1/tenant/plan', { planLimit: N + 10 });
    const segmentsOf = (tenant: string) => apiClient(PORTS.segmentation, tenant);
    for (const [k, rule] of SEGMENT_RULES.entries()) await segmentsOf(BURSTING)('POST', '/v1/segments', { name: `Segment ${k}`, rule });
    const vip = await segmentsOf(EDITING)('POST', '/v1/segments', { name: 'VIP', rule: { field: 'tags', op: 'hasAny', value: ['vip'] } });
    const editor = apiClient(PORTS.contacts, EDITING);
    const contact = await editor('POST', '/v1/contacts', { phone: '+4915199900001', firstName: 'Edith' });
    for (;;) {
      const { items } = await segmentsOf(BURSTING)('GET', '/v1/segments');
      if ((await segmentsOf(EDITING)('GET', `/v1/segments/${vip.id}`)).status === 'ready' && items.every((s: { status: string }) => s.status === 'ready')) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    // Membership events as a campaign service reads them.
    const arrivals = new Map<string, number>();
    const reader = kafka.consumer({ groupId: `${prefix}.bench-reader` });
    await reader.connect();
    await reader.subscribe({ topic: physicalTopic(Topics.Segments, prefix), fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value!.toString()) as Membership;
        if (event.tenantid === EDITING) arrivals.set(`${event.data.contactId}:${event.data.change}:${arrivals.size}`, Date.now());
      },
    });
    await new Promise((r) => setTimeout(r, 3_000));

    // The burst, written as the imports service writes an import: a service token, two batches at a time.
    const random = seededRandom(SEED);
    const rows = Array.from({ length: N }, (_, i) => generateContact(i, random));
    const serviceAuth = `Bearer ${signToken(BENCH_SECRET, { tenantId: BURSTING, role: 'admin', subject: 'roster-imports', service: true }, 24 * 3600)}`;
    let writing = true;
    const writeStarted = performance.now();
    const write = runConcurrently(Math.ceil(N / BATCH), 2, async (b) => {
      const response = await fetch(`http://127.0.0.1:${PORTS.contacts}/v1/contacts/bulk-upsert`, {
        method: 'POST', headers: { authorization: serviceAuth, 'content-type': 'application/json' },
        body: JSON.stringify({ batchKey: `bench:${b}`, mode: 'upsert', contacts: rows.slice(b * BATCH, (b + 1) * BATCH) }),
      });
      if (!response.ok) throw new Error(`batch ${b}: ${response.status} ${await response.text()}`);
      if (b % 20 === 0) log(`  written ${Math.min(N, (b + 1) * BATCH)}`);
    }).then(() => {
      writing = false;
      return performance.now();
    });

    // The other tenant's edits, from the write's start until both consumers are at lag 0.
    const latencies: number[] = [];
    let caughtUp = false;
    const edits = (async () => {
      for (let i = 0; !caughtUp; i++) {
        const change = i % 2 === 0 ? 'entered' : 'exited';
        const before = arrivals.size;
        await editor('POST', `/v1/contacts/${contact.id}/tags`, change === 'entered' ? { add: ['vip'] } : { remove: ['vip'] });
        const answered = Date.now();
        for (;;) {
          const at = [...arrivals].slice(before).find(([key]) => key.startsWith(`${contact.id}:${change}:`))?.[1];
          if (at) {
            latencies.push(at - answered);
            break;
          }
          if (Date.now() - answered > 300_000) throw new Error('an edit got no membership event within 5 minutes');
          await new Promise((r) => setTimeout(r, 5));
        }
        await new Promise((r) => setTimeout(r, Math.max(0, EDIT_MS - (Date.now() - answered))));
      }
    })();

    const lagOf = (consumer: typeof segmentationEventConsumer) => serviceLag(kafka, prefix, consumer);
    const lagZeroAt: Record<string, number> = {};
    while (!lagZeroAt.segmentation || !lagZeroAt.dedupe) {
      await new Promise((r) => setTimeout(r, 1_000));
      if (writing) continue;
      for (const [name, consumer] of [['segmentation', segmentationEventConsumer], ['dedupe', dedupeEventConsumer]] as const) {
        if (!lagZeroAt[name] && (await lagOf(consumer)) === 0) {
          lagZeroAt[name] = performance.now();
          log(`${name}: lag 0 ${((lagZeroAt[name] - writeStarted) / 1000).toFixed(1)} s after the write began`);
        }
      }
    }
    const writeEnded = await write;
    caughtUp = true;
    await edits;
    await reader.disconnect();

    const writeSeconds = (writeEnded - writeStarted) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const toLagZero = (name: string) => Number(((lagZeroAt[name] - writeStarted) / 1000).toFixed(1));
    const report = {
      contacts: N,
      segments: SEGMENT_RULES.length,
      seed: SEED,
      infrastructure: endpoints.source,
      baseline: { writeSeconds: Number(writeSeconds.toFixed(1)), contactsServiceRowsPerSecond: Math.round(N / writeSeconds) },
      segmentation: { secondsToLagZero: toLagZero('segmentation'), ratioToWrite: Number((toLagZero('segmentation') / writeSeconds).toFixed(2)) },
      dedupe: { secondsToLagZero: toLagZero('dedupe'), ratioToWrite: Number((toLagZero('dedupe') / writeSeconds).toFixed(2)) },
      otherTenantEdits: {
        count: sorted.length,
        everyMs: EDIT_MS,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: sorted[sorted.length - 1],
      },
    };
    log(JSON.stringify(report, null, 2));
    writeFileSync(join(BENCH_DIR, `fairness-${runId}.json`), JSON.stringify(report, null, 2));
  } finally {
    for (const child of processes.reverse()) await stopProcess(child);
    const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: db }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
