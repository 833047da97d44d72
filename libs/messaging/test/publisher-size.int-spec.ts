import { Producer } from 'kafkajs';
import { SegmentMembershipChanged, Topics, createEvent } from '@roster/contracts';
import { EventPublisher } from '@roster/messaging';
import { IsolatedInfrastructure, TopicReader, isolatedInfrastructure, waitFor } from '@roster/testing';

/** Publishes of many handlers at once, together far over the broker's 1 MB limit per request. */
describe('the event publisher under a burst of publishes', () => {
  let infra: IsolatedInfrastructure;
  let producer: Producer;
  let reader: TopicReader;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('publisher');
    producer = infra.kafka.producer({ maxInFlightRequests: 1 });
    await producer.connect();
    reader = await new TopicReader(infra.kafka, Topics.Segments, infra.topicPrefix).start();
  });
  afterAll(async () => {
    await reader?.stop();
    await producer?.disconnect();
    await infra?.cleanup();
  });

  it('delivers 300 callers × 20 events (about 4 MB) in order per contact', async () => {
    const publisher = new EventPublisher(producer, infra.topicPrefix);
    const eventsOf = (c: number) =>
      Array.from({ length: 20 }, (_, i) =>
        createEvent(SegmentMembershipChanged, {
          tenantId: 'acme', subject: `contact-${c}`, sequence: i + 1, source: '/test',
          data: { segmentId: `segment-${i}`.padEnd(200, '.'), segmentVersion: 1, contactId: `contact-${c}`, change: 'entered', at: new Date().toISOString(), cause: { kind: 'contact-event' } },
        }),
      );
    await Promise.all(Array.from({ length: 300 }, (_, c) => publisher.publish(eventsOf(c))));
    const received = await waitFor('6,000 events', () => (reader.messages.length >= 6000 ? reader.values<{ subject: string; sequence: number }>() : undefined), 60_000);
    const sequences = new Map<string, number[]>();
    for (const e of received) (sequences.get(e.subject) ?? sequences.set(e.subject, []).get(e.subject)!).push(e.sequence);
    expect(sequences.size).toBe(300);
    for (const seen of sequences.values()) expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
