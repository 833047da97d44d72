import { Producer } from 'kafkajs';
import { ContactCreated, EventEnvelope, Topics, createEvent, exampleContact, physicalTopic } from '@roster/contracts';
import { EventPublisher, RosterKafkaServer, toKafkaMessage } from '@roster/messaging';
import { IsolatedInfrastructure, isolatedInfrastructure, waitFor } from '@roster/testing';

/** The broker's smallest allowed session timeout: a member silent this long loses its partitions. */
const SESSION_TIMEOUT_MS = 6_000;

const contactEvent = (subject: string) =>
  createEvent(ContactCreated, { tenantId: 'acme', subject, sequence: 1, source: '/roster/test', data: { contact: { ...exampleContact, id: subject, version: 1 } } });

interface Member {
  server: RosterKafkaServer;
  joins: number;
  handled: EventEnvelope[];
}

describe('a consumer whose handlers are slower than its session timeout', () => {
  let infra: IsolatedInfrastructure;
  let producer: Producer;
  const members: Member[] = [];
  const releases: Array<() => void> = [];

  beforeAll(async () => {
    infra = await isolatedInfrastructure('consumer-load');
    producer = infra.kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    releases.forEach((release) => release());
    await Promise.all(members.map((m) => m.server.close()));
    await producer?.disconnect();
    await infra?.cleanup();
  });

  /** A member of `group` whose handler is `handle`. */
  async function join(group: string, handle: (event: EventEnvelope) => Promise<void>): Promise<Member> {
    const publisher = new EventPublisher(producer, infra.topicPrefix);
    const member: Member = { joins: 0, handled: [], server: undefined as never };
    member.server = new RosterKafkaServer({
      kafka: infra.kafka,
      groupId: group,
      topics: [Topics.Contacts],
      topicPrefix: infra.topicPrefix,
      publisher,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      keyConcurrency: 8,
      rejoinGraceMs: 2_000,
      onGroupJoin: () => (member.joins += 1),
    });
    member.server.addHandler(ContactCreated.type, async (event: EventEnvelope) => {
      await handle(event);
      member.handled.push(event);
    }, true);
    await new Promise<void>((resolve, reject) => member.server.listen((error) => (error ? reject(error) : resolve())));
    members.push(member);
    return member;
  }

  const send = (events: EventEnvelope[], partition?: number) =>
    producer.send({ topic: physicalTopic(Topics.Contacts, infra.topicPrefix), messages: events.map((e) => ({ ...toKafkaMessage(e), partition })) });

  const committedOn = async (group: string, partition: number) => {
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: `${infra.topicPrefix}.${group}`, topics: [physicalTopic(Topics.Contacts, infra.topicPrefix)] });
      return Number(offsets.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    } finally {
      await admin.disconnect();
    }
  };

  it('keeps its membership through a handler stuck for 2.5 session timeouts, and commits the events done meanwhile', async () => {
    const stuck = contactEvent('stuck-on-the-database');
    let stuckSince = 0;
    const member = await join('slow', async (event) => {
      if (event.id !== stuck.id) return;
      stuckSince = Date.now();
      await new Promise((r) => setTimeout(r, 2.5 * SESSION_TIMEOUT_MS));
    });
    await waitFor('the member to join', () => (member.joins >= 1 ? true : undefined), 30_000);

    const before = Array.from({ length: 20 }, (_, i) => contactEvent(`before-${i}`));
    const after = Array.from({ length: 20 }, (_, i) => contactEvent(`after-${i}`));
    await send([...before, stuck, ...after], 0);

    // Events of other contacts go on around the stuck one, and those before it are committed
    // while it is still stuck: a rejoin now would repeat seconds of work, not the batch.
    await waitFor('the stuck handler to start', () => (stuckSince ? true : undefined), 30_000);
    const joinsBeforeStuck = member.joins;
    await waitFor('offsets before the stuck event committed while it is stuck', async () => ((await committedOn('slow', 0)) >= before.length ? true : undefined), SESSION_TIMEOUT_MS * 2);
    expect(Date.now() - stuckSince).toBeLessThan(2.5 * SESSION_TIMEOUT_MS);

    await waitFor('every event handled', () => (member.handled.length >= 41 ? true : undefined), 60_000);
    expect(member.joins).toBe(joinsBeforeStuck);
    expect(new Set(member.handled.map((e) => e.id)).size).toBe(member.handled.length);
    await waitFor('every offset committed', async () => ((await committedOn('slow', 0)) === 41 ? true : undefined), 20_000);
    expect(member.server.secondsBehind().get(Topics.Contacts)).toBe(0);
  });

  it('lets the group rebalance when a second member joins while a handler never returns', async () => {
    const stuck = contactEvent('never-returns');
    let firstDelivery = true;
    const first = await join('rebalanced', async (event) => {
      if (event.id === stuck.id && firstDelivery) {
        firstDelivery = false;
        await new Promise<void>((resolve) => releases.push(resolve));
      }
    });
    await waitFor('the first member to join', () => (first.joins >= 1 ? true : undefined), 30_000);
    await send([stuck], 0);
    await waitFor('the handler to be stuck', () => (firstDelivery ? undefined : true), 30_000);

    const joinedAt = Date.now();
    const second = await join('rebalanced', async () => undefined);
    await waitFor('the second member to get partitions', () => (second.joins >= 1 ? true : undefined), 45_000);
    // Without a way out of the stuck batch the group would wait out kafkajs' 60 s rebalance timeout.
    expect(Date.now() - joinedAt).toBeLessThan(30_000);

    const spread = Array.from({ length: 60 }, (_, i) => contactEvent(`spread-${i}`));
    await send(spread);
    // The stuck event was never resolved, so whoever holds its partition now handles it again.
    await waitFor(
      'every event handled by one member or the other, the stuck one included',
      () => {
        const ids = new Set([...first.handled, ...second.handled].map((e) => e.id));
        return spread.every((e) => ids.has(e.id)) && ids.has(stuck.id) ? true : undefined;
      },
      60_000,
    );
    expect(first.joins).toBe(2);
  });
});
