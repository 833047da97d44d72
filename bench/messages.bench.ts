// Message outcomes benchmark: how fast a campaign's outcomes are applied to contacts.
//   A campaign service reports a campaign to BENCH_CONTACTS contacts (BENCH_CAMPAIGNS campaigns, a
//   message to each contact per campaign): sent for every message, then delivered (95 %), read
//   (60 %), failed (3 %, half of them hard), and an inbound reply (5 %) — about 2.6 events per
//   message, the mix a campaign of 1,000,000 sends (3–4 million events) has. The backlog sits on
//   roster.messages.v1. Measured in one run, on the same broker and database:
//   - baseline 1: a bare consumer that parses, validates and acknowledges each event;
//   - baseline 2: a raw bulkWrite (1,000 upserts a call) of one message document per event into a
//     scratch collection (the least any applier must write);
//   - the contacts service applying the backlog: seconds from start to lag 0, events/s;
//   - then, with segmentation running a "newsletter openers (read the last 3)" segment, the time
//     from a read receipt that completes 3 of 3 to the contact's membership event (20 contacts).
//   npm run bench:messages      (BENCH_CONTACTS=10000 BENCH_CAMPAIGNS=2)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChildProcess } from 'node:child_process';
import mongoose from 'mongoose';
import { Kafka } from 'kafkajs';
import { EventDefinition, MessageDelivered, MessageEventData, MessageFailed, MessageRead, MessageReceived, MessageSent, Topics, physicalTopic } from '@roster/contracts';
import { consumerGroupLag, messageOutcome } from '@roster/testing';
import { apiClient, bareConsumeRate, BENCH_DIR, benchInfrastructure, log, peakRssMb, percentile, SEED, startProcess, stopProcess } from './bench-kit';
import { generateContact, seededRandom } from './generate-contacts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 2);
const TENANT = 'bench-messages';
const LATENCY_TENANT = 'bench-openers';
const LATENCY_CONTACTS = 20;
const CONTACTS_PORT = 3941;
const SEGMENTATION_PORT = 3942;
const BATCH = 1000;

type Outcome = { definition: EventDefinition; data: MessageEventData };

/** The campaigns' outcomes, in the order a campaign service reports them. */
function campaignOutcomes(ids: readonly string[], start: number): Outcome[] {
  const random = seededRandom(SEED);
  const outcomes: Outcome[] = [];
  for (let c = 0; c < CAMPAIGNS; c++) {
    ids.forEach((contactId, i) => {
      const messageId = `wamid.bench.${c}.${i}`;
      const at = (minutes: number) => new Date(start + c * 86_400_000 + minutes * 60_000).toISOString();
      const data = { messageId, contactId, campaignId: `campaign-${c}`, occurredAt: at(0) };
      outcomes.push({ definition: MessageSent, data });
      const roll = random();
      if (roll < 0.03) {
        outcomes.push({ definition: MessageFailed, data: { ...data, occurredAt: at(1), error: roll < 0.015 ? { code: 131026, title: 'Message undeliverable' } : { code: 131049, title: 'Not delivered to maintain ecosystem health' } } });
        return;
      }
      outcomes.push({ definition: MessageDelivered, data: { ...data, occurredAt: at(1) } });
      if (random() < 0.6) outcomes.push({ definition: MessageRead, data: { ...data, occurredAt: at(5) } });
      if (random() < 0.05) outcomes.push({ definition: MessageReceived, data: { ...data, messageId: `${messageId}.reply`, occurredAt: at(9), text: 'Tell me more', replyTo: messageId } });
    });
  }
  return outcomes;
}

async function produce(kafka: Kafka, topic: string, tenantId: string, outcomes: readonly Outcome[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let b = 0; b < outcomes.length; b += BATCH) {
    await producer.send({ topic, messages: outcomes.slice(b, b + BATCH).map((o) => messageOutcome(o.definition, tenantId, o.data)) });
  }
  await producer.disconnect();
}

/** Baseline 2: one message document per event, upserted raw by primary key, 1,000 a call. */
async function rawWrites(connection: mongoose.Connection, outcomes: readonly Outcome[]): Promise<number> {
  const scratch = connection.collection('bench_raw_messages');
  const started = performance.now();
  for (let b = 0; b < outcomes.length; b += BATCH) {
    await scratch.bulkWrite(
      outcomes.slice(b, b + BATCH).map(({ definition, data }) => ({
        updateOne: {
          filter: { _id: `${TENANT}|${data.messageId}` as never },
          update: { $setOnInsert: { tenantId: TENANT, contactId: data.contactId }, $max: { rank: definition.type.length }, $min: { at: new Date(data.occurredAt) } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
  const rate = Math.round(outcomes.length / ((performance.now() - started) / 1000));
  await scratch.drop();
  return rate;
}

async function createContacts(tenantId: string, count: number, offset: number): Promise<string[]> {
  const api = apiClient(CONTACTS_PORT, tenantId);
  await apiClient(CONTACTS_PORT, tenantId, 'operator')('PUT', '/v1/tenant/plan', { planLimit: count + 10 });
  const random = seededRandom(SEED + offset);
  const ids: string[] = [];
  for (let b = 0; b < count; b += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - b) }, (_, j) => ({ ...generateContact(offset + b + j, random), consent: { status: 'opted_in', method: 'form', source: 'bench' } }));
    const result = await api('POST', '/v1/contacts/bulk-upsert', { batchKey: `${tenantId}:${b}`, mode: 'upsert', contacts: rows });
    ids.push(...result.results.map((r: { contactId: string }) => r.contactId));
  }
  return ids;
}

/** From a read receipt completing "3 of the last 3" to the contact's entry event, per contact (ms, sorted). */
async function openerLatencies(kafka: Kafka, prefix: string, ids: readonly string[]): Promise<number[]> {
  const segments = apiClient(SEGMENTATION_PORT, LATENCY_TENANT);
  const segment = await segments('POST', '/v1/segments', { name: 'Newsletter openers (opened the last 3 messages)', rule: { field: 'messages.read', op: 'ofLast', value: { last: 3, atLeast: 3 } } });
  const entered = new Map<string, number>();
  const reader = kafka.consumer({ groupId: `${prefix}.bench-openers` });
  await reader.connect();
  await reader.subscribe({ topic: physicalTopic(Topics.Segments, prefix), fromBeginning: false });
  await reader.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      if (event.data.segmentId === segment.id && event.data.change === 'entered') entered.set(event.data.contactId, Date.now());
    },
  });
  const topic = physicalTopic(Topics.Messages, prefix);
  const now = Date.now();
  const messages = ids.flatMap((contactId, i) => [0, 1, 2].map((k) => ({ messageId: `wamid.opener.${i}.${k}`, contactId, campaignId: 'newsletter', occurredAt: new Date(now - (3 - k) * 3_600_000).toISOString() })));
  await produce(kafka, topic, LATENCY_TENANT, [...messages.map((data) => ({ definition: MessageSent, data })), ...messages.filter((_, n) => n % 3 !== 2).map((data) => ({ definition: MessageRead, data }))]);
  const contacts = apiClient(CONTACTS_PORT, LATENCY_TENANT);
  for (const id of ids) {
    for (let deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      if ((await contacts('GET', `/v1/contacts/${id}?fields=engagement`)).engagement?.readRate >= 0.66) break;
    }
  }
  await new Promise((r) => setTimeout(r, 2000));
  const latencies: number[] = [];
  for (const [i, contactId] of ids.entries()) {
    const sentAt = Date.now();
    await produce(kafka, topic, LATENCY_TENANT, [{ definition: MessageRead, data: { ...messages[i * 3 + 2], occurredAt: new Date().toISOString() } }]);
    for (let deadline = Date.now() + 30_000; !entered.has(contactId) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 5));
    if (entered.has(contactId)) latencies.push(entered.get(contactId)! - sentAt);
  }
  await reader.disconnect();
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const { endpoints, runId, prefix, kafka, serviceEnv: env } = await benchInfrastructure('messages');
  const topic = physicalTopic(Topics.Messages, prefix);
  const contactsDb = `bench_messages_${runId}`;
  const segmentationDb = `bench_messages_seg_${runId}`;
  const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: contactsDb }).asPromise();
  const report: Record<string, unknown> = { contacts: CONTACTS, campaigns: CAMPAIGNS, seed: SEED, infrastructure: endpoints.source };
  let contacts: ChildProcess | undefined;
  let segmentation: ChildProcess | undefined;
  try {
    // The contacts exist before the campaign; the service is stopped while its outcomes pile up.
    contacts = await startProcess('messages-contacts', 'services/contacts/src/main.ts', CONTACTS_PORT, env(contactsDb));
    const ids = await createContacts(TENANT, CONTACTS, 0);
    const openers = await createContacts(LATENCY_TENANT, LATENCY_CONTACTS, CONTACTS);
    await stopProcess(contacts);
    const outcomes = campaignOutcomes(ids, Date.now() - CAMPAIGNS * 86_400_000);
    report.events = outcomes.length;
    await produce(kafka, topic, TENANT, outcomes);
    log(`backlog of ${outcomes.length} message outcomes for ${CONTACTS} contacts produced`);
    report.baselineConsumePerSecond = await bareConsumeRate(kafka, topic, `${prefix}.bench-baseline`, outcomes.length);
    log(`baseline, bare consume-and-acknowledge: ${report.baselineConsumePerSecond} events/s`);
    report.baselineRawWritePerSecond = await rawWrites(connection, outcomes);
    log(`baseline, raw bulkWrite of one message document per event: ${report.baselineRawWritePerSecond} events/s`);

    contacts = await startProcess('messages-contacts', 'services/contacts/src/main.ts', CONTACTS_PORT, env(contactsDb));
    const started = performance.now();
    let lag = outcomes.length;
    for (let tick = 0; lag > 0; tick++) {
      await new Promise((r) => setTimeout(r, 1000));
      lag = await consumerGroupLag(kafka, `${prefix}.contacts`, topic);
      if (tick % 30 === 0) log(`  contacts: lag ${lag} after ${Math.round((performance.now() - started) / 1000)} s`);
    }
    const seconds = (performance.now() - started) / 1000;
    const applied = Math.round(outcomes.length / seconds);
    report.contacts = {
      seconds: Number(seconds.toFixed(1)), eventsPerSecond: applied, peakRssMb: Math.round(peakRssMb(contacts.pid!)),
      ratioToBareConsume: Number((applied / (report.baselineConsumePerSecond as number)).toPrecision(2)),
      ratioToRawWrite: Number((applied / (report.baselineRawWritePerSecond as number)).toPrecision(2)),
    };
    log(`contacts: ${JSON.stringify(report.contacts)}`);
    const sample = await apiClient(CONTACTS_PORT, TENANT)('GET', `/v1/contacts/${ids[0]}?fields=engagement`);
    report.sampleEngagement = { recent: sample.engagement.recent.length, readRate: sample.engagement.readRate };

    segmentation = await startProcess('messages-segmentation', 'services/segmentation/src/main.ts', SEGMENTATION_PORT, { ...env(segmentationDb), CONTACTS_URL: `http://127.0.0.1:${CONTACTS_PORT}` });
    for (let lagged = 1; lagged > 0; await new Promise((r) => setTimeout(r, 1000))) lagged = await consumerGroupLag(kafka, `${prefix}.segmentation`, physicalTopic(Topics.Contacts, prefix));
    const latencies = await openerLatencies(kafka, prefix, openers);
    report.readToMembershipMs = { contacts: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
    log(`read receipt completing 3 of 3 to membership event: ${JSON.stringify(report.readToMembershipMs)}`);

    writeFileSync(join(BENCH_DIR, `messages-${runId}.json`), JSON.stringify(report, null, 2));
    log(JSON.stringify(report, null, 2));
  } finally {
    if (segmentation) await stopProcess(segmentation);
    if (contacts) await stopProcess(contacts);
    await connection.dropDatabase().catch(() => undefined);
    await connection.useDb(segmentationDb).dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
