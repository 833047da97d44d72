import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Producer } from 'kafkajs';
import request from 'supertest';
import { ContactCreated, EventEnvelope, Topics, createEvent, exampleContact, physicalTopic } from '@roster/contracts';
import { signToken } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, TopicReader, isolatedInfrastructure, waitFor } from '@roster/testing';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '../../..');
const TENANT = 'scale-out';
const CONTACTS = 600;
const auth = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: TENANT, role: 'admin' })}`;

type Membership = EventEnvelope<{ segmentId: string; contactId: string; change: string }>;

/**
 * Two segmentation instances as their own processes in one consumer group; one is killed (SIGKILL)
 * while contact events stream in. The other takes its partitions over, and every contact's entry
 * is decided and announced exactly once in effect: no contact without its entry, none entered twice
 * by different events (a redelivered event is the same event, same id).
 */
describe('segmentation scaled out to two instances, one killed mid-stream', () => {
  let infra: IsolatedInfrastructure;
  let producer: Producer;
  let memberships: TopicReader;
  const instances: ChildProcess[] = [];

  const startInstance = (port: number) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/segmentation/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...infra.env({ HTTP_PORT: String(port), CONTACTS_URL: 'http://127.0.0.1:9', SEGMENT_BACKFILL_POLL_MS: '300', SEGMENT_SWEEP_INTERVAL_MS: '500', KAFKA_SESSION_TIMEOUT_MS: '10000' }) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    instances.push(child);
    return { child, http: request(`http://127.0.0.1:${port}`) };
  };

  /** Events an instance has handled, from its own metrics: the one killed must have held partitions. */
  const handledBy = async (instance: { http: ReturnType<typeof request> }) => {
    const text = (await instance.http.get('/metrics')).text;
    return [...text.matchAll(/^roster_events_consumed_total\{[^}]*outcome="handled"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  beforeAll(async () => {
    infra = await isolatedInfrastructure('scaleout');
    producer = infra.kafka.producer();
    await producer.connect();
    memberships = await new TopicReader(infra.kafka, Topics.Segments, infra.topicPrefix).start();
  });

  afterAll(async () => {
    for (const child of instances) if (child.exitCode === null) child.kill('SIGKILL');
    await memberships?.stop();
    await producer?.disconnect();
    await infra?.cleanup();
  });

  it('loses no membership event and decides none twice', async () => {
    const a = startInstance(3981);
    const b = startInstance(3982);
    for (const instance of [a, b]) {
      await waitFor('an instance ready', async () => ((await instance.http.get('/health/ready').catch(() => undefined))?.status === 200 ? true : undefined), 90_000);
    }
    const segment = (await b.http.post('/v1/segments').set('Authorization', auth).send({ name: 'VIP', rule: { field: 'tags', op: 'hasAny', value: ['vip'] } }).expect(201)).body;
    await waitFor('the segment ready', async () => ((await b.http.get(`/v1/segments/${segment.id}`).set('Authorization', auth)).body.status === 'ready' ? true : undefined), 60_000);
    const entries = () => memberships.values<Membership>().filter((e) => e.data.segmentId === segment.id && e.data.change === 'entered');

    const contactId = (i: number) => `6650f0c2a1b2c3d4e5f7${String(i).padStart(4, '0')}`;
    const send = (from: number, to: number) =>
      producer.send({
        topic: physicalTopic(Topics.Contacts, infra.topicPrefix),
        messages: Array.from({ length: to - from }, (_, k) => {
          const id = contactId(from + k);
          const event = createEvent(ContactCreated, { tenantId: TENANT, subject: id, sequence: 1, source: '/test', data: { contact: { ...exampleContact, id, tenantId: TENANT, phone: `+55119${String(from + k).padStart(8, '0')}`, tags: ['VIP'], version: 1 } } });
          return { key: id, value: JSON.stringify(event) };
        }),
      });

    const admin = infra.kafka.admin();
    await admin.connect();
    const topic = physicalTopic(Topics.Contacts, infra.topicPrefix);
    /** Per partition: the end offset and the segmentation group's committed offset. */
    const offsets = async () => {
      const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId: `${infra.topicPrefix}.segmentation`, topics: [topic] })]);
      const done = new Map(committed.partitions.map((p) => [p.partition, Math.max(0, Number(p.offset))]));
      return ends.map((p) => ({ partition: p.partition, end: Number(p.high), committed: done.get(p.partition) ?? 0 }));
    };
    let peakLag = 0;
    // Take-over: every partition that had work waiting at the kill commits again.
    let waitingAtKill: Map<number, number> | undefined;
    let takenOverAt = 0;
    const sample = async () => {
      const now = await offsets();
      peakLag = Math.max(peakLag, now.reduce((sum, p) => sum + p.end - p.committed, 0));
      if (waitingAtKill && !takenOverAt && now.every((p) => !waitingAtKill!.has(p.partition) || p.committed > waitingAtKill!.get(p.partition)!)) takenOverAt = Date.now();
    };

    // A first few events, until both instances have handled some: the group has split the partitions.
    const WARM_UP = 60;
    await send(0, WARM_UP);
    await waitFor('both instances consuming', async () => ((await handledBy(a)) > 0 && (await handledBy(b)) > 0 ? true : undefined), 90_000);

    // Then a stream, 20 events every 100 ms; instance A is killed a third of the way in.
    let killedAt = 0;
    for (let sent = WARM_UP; sent < CONTACTS; sent += 20) {
      await send(sent, sent + 20);
      if (!killedAt && sent >= CONTACTS / 3) {
        a.child.kill('SIGKILL');
        killedAt = Date.now();
        waitingAtKill = new Map((await offsets()).filter((p) => p.end > p.committed).map((p) => [p.partition, p.committed]));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const all = await waitFor('an entry for every contact', async () => {
      await sample();
      const seen = new Set(entries().map((e) => e.data.contactId));
      return seen.size === CONTACTS ? entries() : undefined;
    }, 180_000);
    const lastAt = Date.now();

    const eventIdsByContact = new Map<string, Set<string>>();
    for (const e of all) eventIdsByContact.set(e.data.contactId, (eventIdsByContact.get(e.data.contactId) ?? new Set()).add(e.id));
    expect([...eventIdsByContact.values()].filter((ids) => ids.size > 1)).toEqual([]);
    // A contact whose member document the killed instance had not written yet is repaired by the
    // survivor's sweep (after 30 s pending), so the member list converges too.
    await waitFor('every member listed', async () => {
      const view = (await b.http.get(`/v1/segments/${segment.id}`).set('Authorization', auth).expect(200)).body;
      return view.memberCount === CONTACTS ? true : undefined;
    }, 120_000);
    const listedAt = Date.now();
    await admin.disconnect();
    process.stdout.write(
      `[scale-out] segmentation: ${CONTACTS} entries, ${all.length - CONTACTS} redelivered (same event id); peak consumer lag after the kill ${peakLag}; every partition committing again ${takenOverAt ? `${((takenOverAt - killedAt) / 1000).toFixed(1)} s` : '(not seen)'} after the kill; last entry ${((lastAt - killedAt) / 1000).toFixed(1)} s ` +
        `and full member list ${((listedAt - killedAt) / 1000).toFixed(1)} s after the kill\n`,
    );
  });
});
