import { Controller, INestApplication, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ServiceSettings, loadConfig } from '@roster/config';
import { ContactCreated, EventEnvelope, Topics, createEvent, deadLetterTopic, exampleContact } from '@roster/contracts';
import { ServicePlatformModule, startService } from '@roster/http';
import { DEAD_LETTER_HEADERS, EventPublisher } from '@roster/messaging';
import { IsolatedInfrastructure, TopicReader, isolatedInfrastructure, waitFor } from '@roster/testing';

const received: EventEnvelope[] = [];
const POISON_SUBJECT = 'contact-whose-handler-fails';

@Controller()
class RecordingConsumer {
  @EventPattern(ContactCreated.type)
  record(@Payload() event: EventEnvelope) {
    if (event.subject === POISON_SUBJECT) throw new Error('projection store refused the write');
    received.push(event);
  }
}

@Module({ controllers: [RecordingConsumer] })
class RecordingFeature {}

describe('events between two Nest applications over the real broker', () => {
  let infra: IsolatedInfrastructure;
  let producerApp: INestApplication;
  let consumerApp: INestApplication;
  let publisher: EventPublisher;
  let deadLetters: TopicReader;

  const contactEvent = (subject: string, sequence: number) =>
    createEvent(ContactCreated, {
      tenantId: 'acme',
      subject,
      sequence,
      source: '/roster/test-producer',
      data: { contact: { ...exampleContact, id: subject, version: sequence } },
    });

  beforeAll(async () => {
    infra = await isolatedInfrastructure('event-flow');
    const settings = loadConfig(ServiceSettings, infra.env());
    producerApp = await startService({
      name: 'producer',
      module: { module: class ProducerApp {}, imports: [ServicePlatformModule.forRoot('producer', settings)] },
      settings,
      port: 0,
    });
    consumerApp = await startService({
      name: 'consumer',
      module: { module: class ConsumerApp {}, imports: [ServicePlatformModule.forRoot('consumer', settings), RecordingFeature] },
      settings,
      consumer: { groupId: 'recorder', topics: [Topics.Contacts] },
      port: 0,
    });
    publisher = producerApp.get(EventPublisher);
    deadLetters = await new TopicReader(infra.kafka, deadLetterTopic(Topics.Contacts), infra.topicPrefix).start();
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await consumerApp?.close();
    await producerApp?.close();
    await infra?.cleanup();
  });

  it('delivers a published event, keyed by aggregate id, with its envelope intact', async () => {
    const event = contactEvent('c-1', 1);
    await publisher.publish([event]);
    const got = await waitFor('the event to arrive', () => received.find((e) => e.id === event.id), 30_000);
    expect(got).toEqual(event);
  });

  it('dead-letters an invalid event with the reason and keeps consuming', async () => {
    const { tenantid: _dropped, ...withoutTenant } = contactEvent('c-2', 1);
    await publisher.sendRaw(Topics.Contacts, [{ key: 'c-2', value: JSON.stringify(withoutTenant) }]);
    await publisher.sendRaw(Topics.Contacts, [{ key: 'c-3', value: 'not json {' }]);
    const after = contactEvent('c-4', 1);
    await publisher.publish([after]);

    await waitFor('two dead letters', () => (deadLetters.messages.length >= 2 ? true : undefined));
    const reasons = deadLetters.messages.map((m) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString());
    expect(reasons).toEqual(expect.arrayContaining([expect.stringContaining("required property 'tenantid'"), 'message value is not JSON']));
    const letterFor = (words: string) => deadLetters.messages.find((m) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString().includes(words))!;
    expect(JSON.parse(letterFor('tenantid').value!.toString())).toMatchObject({ subject: 'c-2', sequence: 1 });
    expect(letterFor('not JSON').value!.toString()).toBe('not json {');
    await waitFor('the next valid event', () => received.find((e) => e.id === after.id));
    expect(received.map((e) => e.subject)).not.toContain('c-2');
  });

  it('skips a replayed event whose sequence was already applied', async () => {
    const first = contactEvent('c-5', 1);
    const second = contactEvent('c-5', 2);
    await publisher.publish([first]);
    await waitFor('the first event', () => received.find((e) => e.id === first.id));
    await publisher.publish([first, { ...first, id: 'redelivered-copy' }, second]);
    await waitFor('the second event', () => received.find((e) => e.id === second.id));
    expect(received.filter((e) => e.subject === 'c-5').map((e) => [e.id, e.sequence])).toEqual([
      [first.id, 1],
      [second.id, 2],
    ]);
  });

  it('dead-letters an event whose handler keeps failing, then moves on', async () => {
    const poison = contactEvent(POISON_SUBJECT, 1);
    const next = contactEvent('c-6', 1);
    await publisher.publish([poison, next]);
    const letter = await waitFor(
      'the failed event in the dead-letter topic',
      () => deadLetters.messages.find((m) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString().startsWith('handler failed')),
      30_000,
    );
    expect(letter.headers?.[DEAD_LETTER_HEADERS.reason]?.toString()).toBe('handler failed: projection store refused the write');
    expect(JSON.parse(letter.value!.toString()).id).toBe(poison.id);
    await waitFor('the event after it', () => received.find((e) => e.id === next.id));
  });
});
