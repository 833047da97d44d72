// Event pipeline benchmark: how fast a finished import's backlog drains.
//   A backlog of BENCH_EVENTS (100,000) `contact.created` events of one tenant (generated, fixed
//   seed) sits on the contacts topic. Measured in one run, on the same broker and database:
//   - baseline 1: a bare consumer that parses, validates and acknowledges each event;
//   - baseline 2: a raw `bulkWrite` (1,000 inserts a call) of as many segmentation projection
//     documents through the same driver into the same database; baseline 3: the same with each
//     contact's member documents (what draining the backlog must write, done raw);
//   - segmentation (100 segments) draining the backlog: seconds from start to lag 0, events/s,
//     peak memory, group joins; meanwhile a second tenant edits one contact every 500 ms, and the
//     time from each edit to its membership event is its freshness while the first tenant drains;
//   - baseline 4: dedupe's own writes done raw (each contact's document and block joins);
//   - dedupe draining the same backlog into its own database (stopped after BENCH_DEDUPE_SECONDS,
//     1,800, with the rate so far), against baseline 4.
//   npm run bench:pipeline      (BENCH_EVENTS=100000)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChildProcess } from 'node:child_process';
import mongoose from 'mongoose';
import { Kafka } from 'kafkajs';
import { ContactCreated, TagChanged, Topics, createEvent, physicalTopic } from '@roster/contracts';
import { consumerGroupLag } from '@roster/testing';
import { ContactProjectionSchema } from '../services/segmentation/src/membership/contact-projection.schema';
import { SegmentMemberSchema, memberId } from '../services/segmentation/src/membership/segment-member.schema';
import { SegmentDefinition } from '../services/segmentation/src/membership/domain/membership-engine';
import { RuleNode } from '../services/segmentation/src/rules/domain/rule';
import { DEFAULT_LIFECYCLE } from '../services/segmentation/src/rules/domain/segment-contact';
import { SegmentSchema } from '../services/segmentation/src/segments/segment.schema';
import { SegmentTenantSchema } from '../services/segmentation/src/segments/segment-tenant.schema';
import { bareConsumeRate, BENCH_DIR, benchInfrastructure, log, peakRssMb, percentile, SEED, startProcess, stopProcess } from './bench-kit';
import { generateSnapshot, seededRandom } from './generate-contacts';
import { ruleOf } from './segment-rules';
import { seededProjection } from './seeded-projection';
import { blockKeysOf, evidenceOf } from '../services/dedupe/src/candidates/candidate-finder';

const N = Number(process.env.BENCH_EVENTS ?? 100_000);
const DEDUPE_SECONDS = Number(process.env.BENCH_DEDUPE_SECONDS ?? 1800);
const TENANT = 'bench';
const OTHER = 'bench-other';
const FLIP_TAG = 'bench-flip';
const BATCH = 1000;
const PORT = 3931;

const snapshotOf = (tenantId: string, i: number, now: number) => generateSnapshot(i, seededRandom(SEED + i), tenantId, now);

/** 100 segments for the importing tenant and one (a tag) for the tenant editing meanwhile. */
async function seedSegments(connection: mongoose.Connection, now: number): Promise<SegmentDefinition[]> {
  const Segments = connection.model('Segment', SegmentSchema);
  await Segments.createIndexes();
  const segment = (tenantId: string, k: number, rule: RuleNode) => ({
    _id: new mongoose.Types.ObjectId(), tenantId, name: `Segment ${k}`, description: null, listId: null, rule, version: 1, state: 'ready',
    backfill: { version: 1, processed: 0, total: 0, startedAt: new Date(now), finishedAt: new Date(now) }, createdAt: new Date(now), updatedAt: new Date(now),
  });
  const segments = Array.from({ length: 100 }, (_, k) => segment(TENANT, k, ruleOf(k)));
  await Segments.insertMany([...segments, segment(OTHER, 0, { field: 'tags', op: 'hasAny', value: [FLIP_TAG] })]);
  const Tenants = connection.model('SegmentTenant', SegmentTenantSchema);
  await Tenants.insertMany([TENANT, OTHER].map((t) => ({ _id: t, tenantId: t, generation: 1, lifecycle: DEFAULT_LIFECYCLE })));
  return segments.map((s) => ({ id: String(s._id), version: 1, rule: s.rule, listId: null, retiring: false }));
}

async function produceBacklog(kafka: Kafka, topic: string, now: number): Promise<number> {
  const producer = kafka.producer();
  await producer.connect();
  const started = performance.now();
  for (let b = 0; b < N; b += BATCH) {
    const messages = Array.from({ length: Math.min(BATCH, N - b) }, (_, j) => {
      const contact = snapshotOf(TENANT, b + j, now);
      const event = createEvent(ContactCreated, { tenantId: TENANT, subject: contact.id, sequence: 1, source: '/bench/import', data: { contact } });
      return { key: contact.id, value: JSON.stringify(event) };
    });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  return Math.round(N / ((performance.now() - started) / 1000));
}

/**
 * Baseline 2: the projections the backlog makes, bulk-written raw into a scratch collection; and
 * baseline 3: the same with each contact's member documents (about 20 here), into a scratch copy of
 * the member collection (its index too): the writes draining the backlog needs, done raw.
 */
async function rawBulkWrites(connection: mongoose.Connection, definitions: SegmentDefinition[], now: number): Promise<{ projections: number; withMembers: number }> {
  const projections = connection.collection('bench_raw_projections');
  const members = connection.model('BenchRawMember', SegmentMemberSchema.clone().set('collection', 'bench_raw_members'));
  await members.createIndexes();
  const docs = Array.from({ length: N }, (_, i) => seededProjection(snapshotOf(TENANT, i, now), definitions, now));
  const timed = async (write: (batch: typeof docs) => Promise<unknown>) => {
    const started = performance.now();
    for (let b = 0; b < N; b += BATCH) await write(docs.slice(b, b + BATCH));
    return Math.round(N / ((performance.now() - started) / 1000));
  };
  const insert = (batch: typeof docs) => projections.bulkWrite(batch.map((document) => ({ insertOne: { document: document as never } })), { ordered: false });
  const rate = await timed(insert);
  await projections.deleteMany({});
  const withMembers = await timed(async (batch) => {
    await insert(batch);
    const memberDocs = batch.flatMap((p) => Object.entries(p.memberships).map(([segmentId, m]) => ({ _id: memberId(segmentId, p.contactId), tenantId: TENANT, segmentId, contactId: p.contactId, since: new Date(m.since) })));
    await members.collection.insertMany(memberDocs as never[], { ordered: false });
  });
  await projections.drop();
  await members.collection.drop();
  return { projections: rate, withMembers };
}

/**
 * Dedupe's own baseline: what draining the backlog must write in its database, done raw: each
 * contact's document (its blocking keys computed as the service does) inserted, and each of its
 * blocks joined (an upsert adding the contact), 1,000 contacts a round.
 */
async function rawDedupeWrites(connection: mongoose.Connection, now: number): Promise<number> {
  const contacts = connection.collection('bench_raw_dedupe_contacts');
  const blocks = connection.collection('bench_raw_dedupe_blocks');
  const started = performance.now();
  for (let b = 0; b < N; b += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, N - b) }, (_, j) => {
      const snapshot = snapshotOf(TENANT, b + j, now);
      const keys = blockKeysOf(evidenceOf(snapshot), []);
      return { _id: `${TENANT}:${snapshot.id}`, tenantId: TENANT, contactId: snapshot.id, version: 1, contact: snapshot, keys, partners: [] };
    });
    await contacts.insertMany(records as never[], { ordered: false });
    await blocks.bulkWrite(
      records.flatMap((r) => r.keys.map((key) => ({ updateOne: { filter: { _id: `${TENANT}|${key}` } as never, update: { $addToSet: { members: r.contactId }, $setOnInsert: { tenantId: TENANT, saturated: false } } as never, upsert: true } }))),
      { ordered: false },
    );
  }
  const rate = Math.round(N / ((performance.now() - started) / 1000));
  await contacts.drop();
  await blocks.drop();
  return rate;
}

async function metricOf(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

interface Drain {
  seconds: number;
  drained: number;
  eventsPerSecond: number;
  peakRssMb: number;
  groupJoins: number;
  finished: boolean;
}

/** Starts a service on the backlog and waits until its group's lag is 0 (or `limitSeconds` pass). */
async function drain(kafka: Kafka, name: string, entry: string, env: Record<string, string>, groupId: string, topic: string, limitSeconds: number, during?: (stop: () => boolean) => Promise<void>): Promise<Drain> {
  const child: ChildProcess = await startProcess(name, entry, PORT, env);
  // From the moment the service answers: a running service would already be up when an import ends.
  const started = performance.now();
  let finished = false;
  const side = during?.(() => finished);
  let lag = N;
  try {
    for (let tick = 0; performance.now() - started < limitSeconds * 1000; tick++) {
      await new Promise((r) => setTimeout(r, 1000));
      lag = await consumerGroupLag(kafka, groupId, topic);
      if (tick % 30 === 0) log(`  ${name}: lag ${lag} after ${Math.round((performance.now() - started) / 1000)} s`);
      if (lag === 0) {
        finished = true;
        break;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    finished = true;
    await side;
    const drained = N - Math.min(N, lag);
    return {
      seconds: Number(seconds.toFixed(1)), drained, eventsPerSecond: Math.round(drained / seconds), peakRssMb: Math.round(peakRssMb(child.pid!)),
      groupJoins: await metricOf(PORT, 'roster_kafka_consumer_group_joins_total'), finished: lag === 0,
    };
  } finally {
    finished = true;
    await stopProcess(child);
  }
}

/** The second tenant's edits while the first one's backlog drains: produce to membership event. */
async function freshness(kafka: Kafka, prefix: string, now: number, done: () => boolean): Promise<{ edits: number; p50: number; p99: number; max: number }> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const reader = kafka.consumer({ groupId: `${prefix}.bench-freshness` });
  await reader.connect();
  await reader.subscribe({ topic: physicalTopic(Topics.Segments, prefix), fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      const at = sentAt.get(event.data.cause?.eventId);
      if (event.tenantid === OTHER && at !== undefined) latencies.push(Date.now() - at);
    },
  });
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; !done(); i++) {
    const snapshot = snapshotOf(OTHER, i, now);
    const contact = { ...snapshot, tags: [...snapshot.tags, FLIP_TAG] };
    const event = createEvent(TagChanged, { tenantId: OTHER, subject: contact.id, sequence: 1, source: '/bench/edit', data: { contact, added: [FLIP_TAG], removed: [] } });
    sentAt.set(event.id, Date.now());
    await producer.send({ topic: physicalTopic(Topics.Contacts, prefix), messages: [{ key: contact.id, value: JSON.stringify(event) }] });
    await new Promise((r) => setTimeout(r, 500));
  }
  for (const deadline = Date.now() + 60_000; latencies.length < sentAt.size && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 250));
  await producer.disconnect();
  await reader.disconnect();
  latencies.sort((a, b) => a - b);
  return { edits: sentAt.size, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
}

async function main(): Promise<void> {
  const { endpoints, runId, prefix, kafka, serviceEnv: env } = await benchInfrastructure('pipeline');
  const topic = physicalTopic(Topics.Contacts, prefix);
  const segmentationDb = `bench_pipeline_seg_${runId}`;
  const dedupeDb = `bench_pipeline_dedupe_${runId}`;
  const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: segmentationDb }).asPromise();
  const now = Date.now();
  const report: Record<string, unknown> = { events: N, seed: SEED, infrastructure: endpoints.source };
  try {
    const definitions = await seedSegments(connection, now);
    report.producedPerSecond = await produceBacklog(kafka, topic, now);
    log(`backlog of ${N} contact.created produced (${report.producedPerSecond}/s)`);
    report.baselineConsumePerSecond = await bareConsumeRate(kafka, topic, `${prefix}.bench-baseline`, N);
    log(`baseline, bare consume-and-acknowledge: ${report.baselineConsumePerSecond} events/s`);
    const raw = await rawBulkWrites(connection, definitions, now);
    report.baselineRawBulkWritePerSecond = raw.projections;
    report.baselineRawWithMembersPerSecond = raw.withMembers;
    log(`baseline, raw bulkWrite of ${N} projections: ${raw.projections} docs/s; with their member documents: ${raw.withMembers} contacts/s`);

    let edits: Awaited<ReturnType<typeof freshness>> | undefined;
    const segmentation = await drain(
      kafka, 'pipeline-segmentation', 'services/segmentation/src/main.ts', { ...env(segmentationDb), SEGMENT_SWEEP_INTERVAL_MS: '0', SEGMENT_BACKFILL_POLL_MS: '0' },
      `${prefix}.segmentation`, topic, 24 * 3600, async (stop) => { edits = await freshness(kafka, prefix, now, stop); },
    );
    const Projections = connection.model('ContactProjection', ContactProjectionSchema);
    const stored = await Projections.countDocuments({ tenantId: TENANT });
    const ratio = (rate: number, baseline: number) => Number((rate / baseline).toFixed(2));
    report.segmentation = {
      ...segmentation, ratioToRawBulkWrite: ratio(segmentation.eventsPerSecond, raw.projections), ratioToRawWithMembers: ratio(segmentation.eventsPerSecond, raw.withMembers),
      projections: stored, otherTenantEditsMs: edits,
    };
    log(`segmentation: ${JSON.stringify(report.segmentation)}`);

    report.baselineRawDedupeWritePerSecond = await rawDedupeWrites(connection.useDb(dedupeDb), now);
    log(`baseline, raw writes of dedupe's contact and block documents: ${report.baselineRawDedupeWritePerSecond} contacts/s`);
    const dedupe = await drain(kafka, 'pipeline-dedupe', 'services/dedupe/src/main.ts', env(dedupeDb), `${prefix}.dedupe`, topic, DEDUPE_SECONDS);
    report.dedupe = { ...dedupe, ratioToRawDedupeWrite: ratio(dedupe.eventsPerSecond, report.baselineRawDedupeWritePerSecond as number) };
    log(`dedupe: ${JSON.stringify(report.dedupe)}`);

    writeFileSync(join(BENCH_DIR, `pipeline-${runId}.json`), JSON.stringify(report, null, 2));
    log(JSON.stringify(report, null, 2));
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.useDb(dedupeDb).dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
