// Segmentation benchmark: a tenant of BENCH_CONTACTS generated contacts (fixed seed) and 100 segments
// of mixed rule shapes, with materialized membership already in place.
//   a. backfill rate (contacts/s) of one new segment, and preview time over the whole tenant: the
//      first (which reads the tenant into memory) and 20 more of other rules (BENCH_PREVIEW, on by
//      default up to 200,000 contacts);
//   b. contact events produced to the real topic at each rate of BENCH_RATES for BENCH_SECONDS:
//      the rate the service keeps up with, and p50/p99 from a contact event being produced to its
//      membership event being consumed;
//   c. baseline, same run: a bare consumer of the same topic, parsing and validating each event and
//      acknowledging it, over the same events.
//   d. reads for campaign services: member pages of the new segment, and a contact's segments.
// The service runs as its own process; this process produces and consumes.
//   npm run bench:segmentation     (BENCH_CONTACTS=1000000 BENCH_RATES=250,500,1000,2000 BENCH_SECONDS=10)
// BENCH_KEEP=1 keeps the database (its name is logged); BENCH_DB=<name> runs b to d again on a kept
// one, without seeding, with contacts the earlier runs did not touch (and a, with BENCH_BACKFILL=1).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { EachMessagePayload, Kafka } from 'kafkajs';
import { TagChanged, Topics, createEvent, physicalTopic } from '@roster/contracts';
import { ContactProjectionSchema } from '../services/segmentation/src/membership/contact-projection.schema';
import { SegmentDefinition } from '../services/segmentation/src/membership/domain/membership-engine';
import { RuleNode } from '../services/segmentation/src/rules/domain/rule';
import { DEFAULT_LIFECYCLE } from '../services/segmentation/src/rules/domain/segment-contact';
import { segmentationEventConsumer } from '../services/segmentation/src/segmentation.module';
import { SegmentSchema } from '../services/segmentation/src/segments/segment.schema';
import { SegmentTenantSchema } from '../services/segmentation/src/segments/segment-tenant.schema';
import { apiClient, bareConsumeRate, BENCH_DIR, benchInfrastructure, log, percentile, runConcurrently, SEED, startProcess, stopProcess } from './bench-kit';
import { generateSnapshot, seededRandom } from './generate-contacts';
import { ruleOf } from './segment-rules';
import { seededProjection } from './seeded-projection';

const REUSE = process.env.BENCH_DB;
const KEEP = process.env.BENCH_KEEP === '1' || REUSE !== undefined;
const BACKFILL = !REUSE || process.env.BENCH_BACKFILL === '1';
let N = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const RATES = (process.env.BENCH_RATES ?? '250,500,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** A tenant's first preview reads all of it; on FerretDB that takes about 25 minutes at a million. */
const PREVIEW = (process.env.BENCH_PREVIEW ?? (N <= 200_000 ? '1' : '0')) === '1';
const PORT = 3921;
const TENANT = 'bench';
const FLIP_TAG = 'bench-flip';
const SEED_BATCH = 1000;

/** Contact i, the same every time it is asked for. */
const snapshotOf = (i: number, now: number) => generateSnapshot(i, seededRandom(SEED + i), TENANT, now);

interface BenchState {
  _id: 'state';
  contacts: number;
  /** The instant the contacts were generated at: their dates are relative to it. */
  generatedAt: number;
  flipSegmentId: string;
  backfillSegmentId: string | null;
  /** Runs of the event stages so far. */
  runs: number;
  /** Events so far: the next run's first event goes to the contact after the last one's. */
  events: number;
}

/** The tenant's segments (99 shapes and one toggled by the events of b), ready, and its projection. */
async function seed(connection: mongoose.Connection, now: number) {
  const Segments = connection.model('Segment', SegmentSchema);
  const Projections = connection.model('ContactProjection', ContactProjectionSchema);
  await Promise.all([Segments.createIndexes(), Projections.createIndexes()]);
  const rules = [...Array.from({ length: 99 }, (_, k) => ruleOf(k)), { field: 'tags', op: 'hasAny', value: [FLIP_TAG] } as RuleNode];
  const segments = rules.map((rule, k) => ({
    _id: new mongoose.Types.ObjectId(), tenantId: TENANT, name: `Segment ${k}`, description: null, listId: null, rule, version: 1, state: 'ready',
    backfill: { version: 1, processed: N, total: N, startedAt: new Date(now), finishedAt: new Date(now) }, createdAt: new Date(now), updatedAt: new Date(now),
  }));
  await Segments.insertMany(segments);
  await connection.model('SegmentTenant', SegmentTenantSchema).create({ _id: TENANT, tenantId: TENANT, generation: 1, lifecycle: DEFAULT_LIFECYCLE });
  const definitions: SegmentDefinition[] = segments.map((s) => ({ id: String(s._id), version: 1, rule: s.rule, listId: null, retiring: false }));

  let memberships = 0;
  const projection = (i: number) => {
    const doc = seededProjection(snapshotOf(i, now), definitions, now);
    memberships += Object.keys(doc.memberships).length;
    return doc;
  };
  const started = performance.now();
  await runConcurrently(Math.ceil(N / SEED_BATCH), 2, async (b) => {
    const docs = Array.from({ length: Math.min(SEED_BATCH, N - b * SEED_BATCH) }, (_, j) => projection(b * SEED_BATCH + j));
    await Projections.collection.insertMany(docs as never[], { ordered: false });
    if (b % 100 === 0) log(`  seeded ${(b + 1) * SEED_BATCH}`);
  });
  const seedRate = N / ((performance.now() - started) / 1000);
  log(`${N} contacts with ${memberships} memberships in ${definitions.length} segments seeded (${seedRate.toFixed(0)} projections/s by raw insertMany)`);
  const state: BenchState = { _id: 'state', contacts: N, generatedAt: now, flipSegmentId: definitions[99].id, backfillSegmentId: null, runs: 0, events: 0 };
  await connection.collection<BenchState>('bench_state').insertOne(state);
  return { state, memberships, seedProjectionsPerSecond: Math.round(seedRate) };
}

async function untilGroupStable(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      const { groups } = await admin.describeGroups([groupId]);
      if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) return;
    }
    throw new Error(`consumer group ${groupId} did not settle within 60 s`);
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const { endpoints, runId, prefix, kafka, serviceEnv } = await benchInfrastructure('segments');
  const dbName = REUSE ?? `bench_segments_${runId}`;
  const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName }).asPromise();
  const Segments = connection.model('Segment', SegmentSchema);
  const States = connection.collection<BenchState>('bench_state');
  const seeded = REUSE ? undefined : await seed(connection, Date.now());
  const state = seeded?.state ?? (await States.findOne({ _id: 'state' }));
  if (!state) throw new Error(`${dbName} holds no benchmark state: make one with BENCH_KEEP=1`);
  N = state.contacts;
  const now = state.generatedAt;
  const flipSegmentId = state.flipSegmentId;

  const service = await startProcess('segmentation-service', 'services/segmentation/src/main.ts', PORT, serviceEnv(dbName, {
    // The time sweep is an index range query on MongoDB but a whole-collection read on FerretDB; it
    // is measured on its own, not behind the event path.
    SEGMENT_SWEEP_INTERVAL_MS: process.env.SEGMENT_SWEEP_INTERVAL_MS ?? '0',
  }));
  const api = apiClient(PORT, TENANT);
  const report: Record<string, unknown> = { contacts: N, database: dbName, seed: SEED, infrastructure: endpoints.source, ...(seeded && { memberships: seeded.memberships, seedProjectionsPerSecond: seeded.seedProjectionsPerSecond }) };
  try {
    // a. Backfill of one new segment, and a preview of the same rule.
    const newRule = { all: [{ field: 'location.country', op: 'eq', value: 'BR' }, { field: 'traits.totalSpent', op: 'gt', value: 1000 }] };
    if (PREVIEW && !REUSE) {
      // The first preview reads the tenant into memory; later ones (other rules) evaluate it there.
      let at = performance.now();
      const cold = await api('POST', '/v1/segments/preview', { rule: newRule });
      const coldMs = performance.now() - at;
      const warm: number[] = [];
      for (let k = 0; k < 20; k++) {
        at = performance.now();
        await api('POST', '/v1/segments/preview', { rule: ruleOf(k) });
        warm.push(performance.now() - at);
      }
      warm.sort((a, b) => a - b);
      report.preview = {
        contacts: cold.evaluated, matching: cold.matching, firstMs: Math.round(coldMs),
        thenMs: { p50: Math.round(percentile(warm, 50)), p99: Math.round(percentile(warm, 99)), max: Math.round(warm[warm.length - 1]) },
      };
      log(`preview: ${JSON.stringify(report.preview)}`);
    }
    if (BACKFILL) {
      const started = performance.now();
      const created = await api('POST', '/v1/segments', { name: `Brazilian big spenders (${runId})`, rule: newRule });
      // Polled in the database by primary key: the API's view also counts the members, a scan on FerretDB.
      let stored: any;
      for (;;) {
        stored = await Segments.findById(created.id).lean();
        if (stored?.state === 'ready') break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const backfillSeconds = (performance.now() - started) / 1000;
      const newMembers = await connection.collection('segment_members').countDocuments({ tenantId: TENANT, segmentId: created.id });
      report.backfill = { contacts: stored.backfill.total, members: newMembers, seconds: Number(backfillSeconds.toFixed(1)), contactsPerSecond: Math.round(stored.backfill.total / backfillSeconds) };
      log(`backfill: ${JSON.stringify(report.backfill)}`);
      state.backfillSegmentId = created.id;
      await States.updateOne({ _id: 'state' }, { $set: { backfillSegmentId: created.id } });
    }

    // b. Contact events at each rate; latency until the membership event is consumed. The service's
    // consumer must hold its partitions first (after a backfill it long has).
    await untilGroupStable(kafka, `${prefix}.${segmentationEventConsumer.groupId}`);
    const sentAt = new Map<string, number>();
    const arrivals = new Map<string, number>();
    const reader = kafka.consumer({ groupId: `${prefix}.bench-reader` });
    await reader.connect();
    await reader.subscribe({ topic: physicalTopic(Topics.Segments, prefix), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }: EachMessagePayload) => {
        const event = JSON.parse(message.value!.toString());
        if (event.data.segmentId === flipSegmentId && event.data.cause.eventId) arrivals.set(event.data.cause.eventId, Date.now());
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    const topic = physicalTopic(Topics.Contacts, prefix);
    const stages = [];
    let next = state.events;
    const sequence = 2 + state.runs;
    for (const rate of RATES) {
      const total = rate * SECONDS;
      const ids: string[] = [];
      const stageStart = Date.now();
      const tickMs = 20;
      for (let sent = 0; sent < total;) {
        const due = Math.min(total, Math.ceil(((Date.now() - stageStart + tickMs) / 1000) * rate));
        const messages = [];
        for (; sent < due; sent++) {
          // Each contact is toggled once, with the flip tag added: one membership entry per event.
          const i = (next++ * 7919) % N;
          const snapshot = snapshotOf(i, now);
          const contact = { ...snapshot, tags: [...snapshot.tags, FLIP_TAG], version: sequence };
          const event = createEvent(TagChanged, { tenantId: TENANT, subject: contact.id, sequence, source: '/bench', data: { contact, added: [FLIP_TAG], removed: [] } });
          ids.push(event.id);
          sentAt.set(event.id, Date.now());
          messages.push({ key: contact.id, value: JSON.stringify(event) });
        }
        if (messages.length > 0) await producer.send({ topic, messages });
        await new Promise((r) => setTimeout(r, Math.max(0, stageStart + (Math.floor((Date.now() - stageStart) / tickMs) + 1) * tickMs - Date.now())));
      }
      const producedSeconds = (Date.now() - stageStart) / 1000;
      const deadline = Date.now() + 120_000;
      while (ids.some((id) => !arrivals.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const latencies = ids.filter((id) => arrivals.has(id)).map((id) => arrivals.get(id)! - sentAt.get(id)!).sort((a, b) => a - b);
      const lastArrival = Math.max(...ids.map((id) => arrivals.get(id) ?? 0));
      const stage = {
        targetPerSecond: rate, events: total, producedPerSecond: Math.round(total / producedSeconds), membershipEvents: latencies.length,
        processedPerSecond: Math.round(latencies.length / ((lastArrival - stageStart) / 1000)),
        latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
      };
      log(`events: ${JSON.stringify(stage)}`);
      stages.push(stage);
    }
    report.events = stages;
    await producer.disconnect();
    await reader.disconnect();
    await States.updateOne({ _id: 'state' }, { $set: { events: next }, $inc: { runs: 1 } });

    // c. Baseline: the same events consumed, parsed, validated and acknowledged, nothing else.
    const total = stages.reduce((sum, s) => sum + s.events, 0);
    report.baselineConsumePerSecond = await bareConsumeRate(kafka, topic, `${prefix}.bench-baseline`, total);
    log(`baseline consume-and-acknowledge: ${report.baselineConsumePerSecond} events/s`);

    // d. Reads for campaign services: the new segment's members page by page, and contacts' segments.
    if (state.backfillSegmentId) {
      const pages: number[] = [];
      let cursor: string | null = null;
      let paged = 0;
      do {
        const at = performance.now();
        const page: { items: unknown[]; nextCursor: string | null } = await api('GET', `/v1/segments/${state.backfillSegmentId}/members?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        pages.push(performance.now() - at);
        paged += page.items.length;
        cursor = page.nextCursor;
      } while (cursor && pages.length < 50);
      pages.sort((a, b) => a - b);
      report.memberPages = { pages: pages.length, members: paged, ms: { p50: Math.round(percentile(pages, 50)), p99: Math.round(percentile(pages, 99)) } };
      log(`member pages of 100: ${JSON.stringify(report.memberPages)}`);
    }
    const random = seededRandom(SEED);
    const lookups = await runConcurrently(200, 4, async () => {
      await api('GET', `/v1/contacts/${snapshotOf(Math.floor(random() * N), now).id}/segments`);
    });
    report.contactSegmentsMs = { p50: Math.round(percentile(lookups, 50)), p99: Math.round(percentile(lookups, 99)) };
    log(`a contact's segments, 4 clients: ${JSON.stringify(report.contactSegmentsMs)}`);

    writeFileSync(join(BENCH_DIR, `segmentation-${runId}.json`), JSON.stringify(report, null, 2));
    log(JSON.stringify(report, null, 2));
  } finally {
    await stopProcess(service);
    if (KEEP) log(`database kept: BENCH_DB=${dbName}`);
    else await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
