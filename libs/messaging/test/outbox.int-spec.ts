import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import mongoose, { Connection, Model, Schema } from 'mongoose';
import { ContactCreated, ContactUpdated, EventEnvelope, Topics, createEvent, exampleContact, physicalTopic, withBulkLane } from '@roster/contracts';
import { ServiceSettings } from '@roster/config';
import { EventPublisher, OutboxRelay, OutboxRelayHost, addOutbox, createKafka, outboxOnInsert, withOutbox } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { IsolatedInfrastructure, TopicReader, isolatedInfrastructure, waitFor } from '@roster/testing';
import { Producer } from 'kafkajs';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'outbox-process.ts');

function startFixture(env: Record<string, string>, ...args: string[]): { child: ChildProcess; line: (prefix: string) => Promise<string> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (errors += chunk));
  const line = (prefix: string) =>
    waitFor(() => `"${prefix}" from the fixture process (stderr: ${errors.slice(-500)})`, () => output.split('\n').find((l) => l.startsWith(prefix)), 30_000);
  return { child, line };
}

function killed(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => resolve(signal));
    child.kill('SIGKILL');
  });
}

interface Aggregate {
  _id: string;
  tenantId: string;
  name: string;
  version: number;
}

describe('transactional outbox', () => {
  let infra: IsolatedInfrastructure;
  let connection: Connection;
  let Aggregates: Model<Aggregate>;
  let producer: Producer;
  let contacts: TopicReader;

  const event = (subject: string, sequence: number, definition: typeof ContactCreated | typeof ContactUpdated = ContactCreated) =>
    createEvent(definition, {
      tenantId: 'acme',
      subject,
      sequence,
      source: '/roster/outbox-test',
      data: {
        contact: { ...exampleContact, id: subject, version: sequence },
        ...(definition === ContactUpdated ? { changedFields: ['name'] } : {}),
      } as never,
    });

  beforeAll(async () => {
    infra = await isolatedInfrastructure('outbox');
    connection = await mongoose.createConnection(infra.mongoUrl, { dbName: infra.mongoDb }).asPromise();
    const schema = new Schema<Aggregate>({ _id: String, tenantId: String, name: String, version: Number });
    addOutbox(schema);
    Aggregates = connection.model<Aggregate>('Aggregate', schema, 'aggregates');
    await Aggregates.createIndexes();
    producer = infra.kafka.producer();
    await producer.connect();
    contacts = await new TopicReader(infra.kafka, Topics.Contacts, infra.topicPrefix).start();
  });

  afterAll(async () => {
    await contacts?.stop();
    await producer?.disconnect();
    await connection?.close();
    await infra?.cleanup();
  });

  const publishedIds = () => contacts.values<EventEnvelope>().map((e) => e.id);
  const rawDocument = (id: string) => Aggregates.collection.findOne({ _id: id as never });

  /** Messages on the contacts topic and its bulk lane, as their end offsets count them. */
  const messagesOnTopic = async () => {
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      let total = 0;
      for (const topic of withBulkLane(Topics.Contacts)) {
        for (const p of await admin.fetchTopicOffsets(physicalTopic(topic, infra.topicPrefix))) total += Number(p.high) - Number(p.low);
      }
      return total;
    } finally {
      await admin.disconnect();
    }
  };

  it('gets the event out after the process is killed between the write and the publish', async () => {
    const writer = startFixture(infra.env(), 'write', 'crashed-aggregate');
    const eventId = (await writer.line('WRITTEN ')).split(' ')[1];
    expect(await killed(writer.child)).toBe('SIGKILL');

    const stranded = await rawDocument('crashed-aggregate');
    expect(stranded?.outbox).toHaveLength(1);
    const admin = infra.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(physicalTopic(Topics.Contacts, infra.topicPrefix));
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(0);

    const restarted = startFixture(infra.env(), 'relay');
    try {
      await restarted.line('RELAYING');
      await waitFor('the stranded event on the topic', () => (publishedIds().includes(eventId) ? true : undefined), 30_000);
      await waitFor('the outbox to be cleared', async () => {
        const doc = await rawDocument('crashed-aggregate');
        return doc && (doc.outbox ?? []).length === 0 && doc.outboxPendingSince === undefined ? true : undefined;
      });
    } finally {
      await killed(restarted.child);
    }
    expect(publishedIds().filter((id) => id === eventId)).toHaveLength(1);
  });

  it('publishes one aggregate’s events in order and keeps events appended during a round', async () => {
    const relay = new OutboxRelay(Aggregates.collection, new EventPublisher(producer, infra.topicPrefix));
    const first = event('ordered', 1);
    await Aggregates.create({ _id: 'ordered', tenantId: 'acme', name: 'v1', version: 1, ...outboxOnInsert([first]) });
    const second = event('ordered', 2, ContactUpdated);
    const third = event('ordered', 3, ContactUpdated);
    await Aggregates.updateOne({ _id: 'ordered' }, withOutbox<Aggregate>({ $set: { name: 'v2' }, $inc: { version: 1 } }, [second]));
    expect(await relay.drain()).toBe(2);
    await Aggregates.updateOne({ _id: 'ordered' }, withOutbox<Aggregate>({ $set: { name: 'v3' } }, [third]));
    expect(await relay.drain()).toBe(1);

    await waitFor('three events', () => (contacts.values<EventEnvelope>().filter((e) => e.subject === 'ordered').length === 3 ? true : undefined));
    expect(contacts.values<EventEnvelope>().filter((e) => e.subject === 'ordered').map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect((await rawDocument('ordered'))?.outbox).toEqual([]);
    expect(await Aggregates.findById('ordered').lean()).toMatchObject({ name: 'v3', version: 2 });
  });

  it('keeps events added, or an outbox replaced (as an erasure does), while a round publishes', async () => {
    /** Publishes for real, after changing the aggregate's outbox in the middle of the round. */
    class MeddlingPublisher extends EventPublisher {
      meddle?: () => Promise<unknown>;
      override async publish(events: EventEnvelope[]): Promise<void> {
        const meddle = this.meddle;
        this.meddle = undefined;
        await meddle?.();
        return super.publish(events);
      }
    }
    const publisher = new MeddlingPublisher(producer, infra.topicPrefix);
    const relay = new OutboxRelay(Aggregates.collection, publisher);
    const [appended, replacing] = [event('meddled-append', 2, ContactUpdated), event('meddled-replace', 2, ContactUpdated)];
    await Aggregates.insertMany([
      { _id: 'meddled-append', tenantId: 'acme', name: 'a', version: 1, ...outboxOnInsert([event('meddled-append', 1)]) },
      { _id: 'meddled-replace', tenantId: 'acme', name: 'r', version: 1, ...outboxOnInsert([event('meddled-replace', 1)]) },
    ]);
    publisher.meddle = () => Promise.all([
      Aggregates.updateOne({ _id: 'meddled-append' }, withOutbox<Aggregate>({ $inc: { version: 1 } }, [appended])),
      Aggregates.collection.updateOne({ _id: 'meddled-replace' as never }, { $set: { outbox: [replacing] } } as never),
    ]);
    expect(await relay.drain()).toBe(4);
    await waitFor('the events added meanwhile', () => ([appended.id, replacing.id].every((id) => publishedIds().includes(id)) ? true : undefined));
    for (const id of ['meddled-append', 'meddled-replace']) expect(await rawDocument(id)).toMatchObject({ outbox: [] });
    expect((await rawDocument('meddled-replace'))?.outboxPendingSince).toBeUndefined();
  });

  it('publishes handed-over events once when one of their documents is written again before the hand-over clears it', async () => {
    class TestOutbox extends OutboxRelayHost {
      constructor() {
        super('TestOutbox', Aggregates.collection, new EventPublisher(producer, infra.topicPrefix), new MetricsRegistry('outbox-test'), { OUTBOX_RELAY_ENABLED: true, OUTBOX_RELAY_INTERVAL_MS: 60_000 } as ServiceSettings);
      }
    }
    const host = new TestOutbox();
    host.onModuleInit();
    try {
      const first = event('handed', 1);
      const second = event('handed', 2, ContactUpdated);
      const quiet = ['handed-quiet-1', 'handed-quiet-2'].map((id) => event(id, 1));
      await Aggregates.create({ _id: 'handed', tenantId: 'acme', name: 'v1', version: 1, ...outboxOnInsert([first]) });
      await Aggregates.insertMany(quiet.map((e) => ({ _id: e.subject, tenantId: 'acme', name: 'v1', version: 1, ...outboxOnInsert([e]) })));
      // A second writer appends before the first one's hand-over runs, and names the document.
      await Aggregates.updateOne({ _id: 'handed' }, withOutbox<Aggregate>({ $set: { name: 'v2' }, $inc: { version: 1 } }, [second]));
      // Handed over together: one publish and one clear for all three, of which one does not match.
      host.handOver([{ _id: 'handed', version: 1, events: [first] }, ...quiet.map((e) => ({ _id: e.subject, version: 1, events: [e] }))]);
      host.nudge(['handed']);

      await waitFor('both events', () => (publishedIds().includes(second.id) ? true : undefined));
      await waitFor('the outbox emptied', async () => ((await rawDocument('handed'))?.outboxPendingSince === undefined ? true : undefined));
      // Nothing is pending any more; once the reader has every message on the topic, a second copy
      // would be among them.
      await waitFor('every message on the topic read', async () => (contacts.messages.length === (await messagesOnTopic()) ? true : undefined));
      const sequencesOf = (subject: string) => contacts.values<EventEnvelope>().filter((e) => e.subject === subject).map((e) => e.sequence);
      expect(sequencesOf('handed')).toEqual([1, 2]);
      expect((await rawDocument('handed'))?.outbox).toEqual([]);
      for (const { subject } of quiet) {
        expect({ subject, sequences: sequencesOf(subject) }).toEqual({ subject, sequences: [1] });
        expect(await rawDocument(subject)).toMatchObject({ outbox: [] });
        expect((await rawDocument(subject))?.outboxPendingSince).toBeUndefined();
      }
    } finally {
      await host.onApplicationShutdown();
    }
  });

  it('lets two relays drain concurrently without losing an event', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `busy-${i}`);
    const events = ids.map((id) => event(id, 1));
    await Aggregates.insertMany(ids.map((id, i) => ({ _id: id, tenantId: 'acme', name: id, version: 1, ...outboxOnInsert([events[i]]) })));
    const relays = [0, 1].map(() => new OutboxRelay(Aggregates.collection, new EventPublisher(producer, infra.topicPrefix), { batchSize: 7 }));
    const counts = await Promise.all(relays.map((r) => r.drain()));
    expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(60);
    await waitFor('all 60 events', () => (events.every((e) => publishedIds().includes(e.id)) ? true : undefined));
    expect(await relays[0].pendingDocuments()).toBe(0);
  });

  it('parks an event that violates its contract instead of blocking the aggregate', async () => {
    const broken = { ...event('broken', 1), tenantid: '' };
    const fine = event('fine', 1);
    await Aggregates.insertMany([
      { _id: 'broken', tenantId: 'acme', name: 'x', version: 1, ...outboxOnInsert([broken]) },
      { _id: 'fine', tenantId: 'acme', name: 'y', version: 1, ...outboxOnInsert([fine]) },
    ]);
    const relay = new OutboxRelay(Aggregates.collection, new EventPublisher(producer, infra.topicPrefix));
    await relay.drain();
    await waitFor('the valid event', () => (publishedIds().includes(fine.id) ? true : undefined));
    const parked = await rawDocument('broken');
    expect(parked?.outbox).toEqual([]);
    expect(parked?.outboxRejected).toEqual([expect.objectContaining({ reason: expect.stringContaining('tenantid') })]);
    expect(publishedIds()).not.toContain(broken.id);
  });
});
