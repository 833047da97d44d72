import { CompressionTypes, IHeaders, Message, Producer } from 'kafkajs';
import { EventEnvelope, eventDefinitionByType, laneTopic, physicalTopic, validateEvent } from '@roster/contracts';
import { RequestCoalescer } from '@roster/persistence';

export const EVENT_HEADERS = {
  type: 'ce_type',
  id: 'ce_id',
  tenant: 'ce_tenantid',
  sequence: 'ce_sequence',
  correlation: 'x-correlation-id',
} as const;

/** Well below the broker's default message.max.bytes (1 MB), whatever the partitioning. */
const MAX_REQUEST_BYTES = 512 * 1024;

export function toKafkaMessage(event: EventEnvelope): Message {
  const headers: IHeaders = {
    [EVENT_HEADERS.type]: event.type,
    [EVENT_HEADERS.id]: event.id,
    [EVENT_HEADERS.tenant]: event.tenantid,
    [EVENT_HEADERS.sequence]: String(event.sequence),
  };
  if (event.correlationid) headers[EVENT_HEADERS.correlation] = event.correlationid;
  return { key: event.subject, value: JSON.stringify(event), headers };
}

/**
 * Publishes envelopes to their contract's topic (its bulk lane for events of bulk work), keyed by aggregate id (so one aggregate's events
 * keep their order). Events are validated on the way out too: a producer bug fails loudly here
 * instead of filling a consumer's dead-letter topic.
 */
export class EventPublisher {
  /**
   * Publishes made side by side (handlers of different contacts) go to the broker as one request:
   * each caller's events keep their order, and the callers are answered together.
   */
  private readonly sends = new RequestCoalescer<readonly EventEnvelope[], void>(async (calls) => {
    await this.send(calls.flat());
    return calls.map(() => undefined);
  });

  constructor(
    private readonly producer: Producer,
    private readonly topicPrefix = '',
  ) {}

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    for (const event of events) {
      if (!eventDefinitionByType(event.type)) throw new Error(`cannot publish unknown event type ${event.type}`);
      const check = validateEvent(event);
      if (!check.ok) throw new Error(`refusing to publish an invalid event: ${check.reason}`);
    }
    await this.sends.request(events);
  }

  /**
   * One produce request per MAX_REQUEST_BYTES of messages, one after the other (so order holds):
   * the broker refuses a record batch over its message.max.bytes (1 MB by default), and publishes
   * coalesced from many handlers add up to more.
   */
  private async send(events: readonly EventEnvelope[]): Promise<void> {
    let chunk: Array<{ topic: string; message: Message }> = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of chunk) (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(message);
      chunk = [];
      bytes = 0;
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    };
    for (const event of events) {
      const message = toKafkaMessage(event);
      const size = Buffer.byteLength(message.value as string) + 200;
      if (bytes + size > MAX_REQUEST_BYTES) await flush();
      chunk.push({ topic: physicalTopic(laneTopic(eventDefinitionByType(event.type)!.topic, event.lane), this.topicPrefix), message });
      bytes += size;
    }
    await flush();
  }

  /** Sends raw messages to a topic given by its logical name (dead letters, tests). */
  async sendRaw(logicalTopic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic: physicalTopic(logicalTopic, this.topicPrefix), acks: -1, messages });
  }
}
