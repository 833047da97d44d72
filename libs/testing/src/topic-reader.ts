import { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { physicalTopic, withBulkLane } from '@roster/contracts';

/** Collects every message of one topic (and of its bulk lane) from the beginning, for assertions. */
export class TopicReader {
  readonly messages: KafkaMessage[] = [];
  /** When each message arrived here (same order as `messages`). */
  readonly receivedAt: number[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly logicalTopic: string,
    private readonly prefix: string,
  ) {}

  async start(): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId: `${this.prefix}.reader.${Math.random().toString(36).slice(2)}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: withBulkLane(this.logicalTopic).map((topic) => physicalTopic(topic, this.prefix)), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.messages.push(message);
        this.receivedAt.push(Date.now());
      },
    });
    return this;
  }

  /** Each message's value with the moment it arrived, from the `from`-th message on. */
  arrivals<T = unknown>(from = 0): Array<{ value: T; at: number }> {
    return this.messages.slice(from).map((m, i) => ({ value: JSON.parse(m.value?.toString() ?? 'null') as T, at: this.receivedAt[from + i] }));
  }

  values<T = unknown>(): T[] {
    return this.messages.map((m) => JSON.parse(m.value?.toString() ?? 'null') as T);
  }

  /**
   * Each event once, at its first delivery, as a consumer that skips redeliveries sees them: the
   * outbox delivers at least once, so a write racing a publish may send an event twice.
   */
  distinctEvents<T extends { id: string }>(): T[] {
    const first = new Map<string, T>();
    for (const event of this.values<T>()) if (!first.has(event.id)) first.set(event.id, event);
    return [...first.values()];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
