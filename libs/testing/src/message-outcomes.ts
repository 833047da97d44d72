import { Kafka, Producer } from 'kafkajs';
import { EventDefinition, MessageEventData, Topics, createEvent, messageEventKey, physicalTopic } from '@roster/contracts';
import { toKafkaMessage } from '@roster/messaging';

/** A message outcome as a campaign service reports it: the event, keyed by the contact (id, else phone). */
export function messageOutcome(definition: EventDefinition, tenantId: string, data: MessageEventData) {
  const event = createEvent(definition, { tenantId, subject: data.messageId, sequence: 1, source: '/campaigns/test', data: data as never });
  return { ...toKafkaMessage(event), key: messageEventKey(data) };
}

/** Plays a campaign service: publishes message outcomes to roster.messages.v1. */
export class CampaignService {
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly prefix: string,
  ) {}

  async report(tenantId: string, outcomes: ReadonlyArray<{ definition: EventDefinition; data: MessageEventData }>): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    for (let i = 0; i < outcomes.length; i += 1000) {
      await this.producer.send({ topic: physicalTopic(Topics.Messages, this.prefix), messages: outcomes.slice(i, i + 1000).map((o) => messageOutcome(o.definition, tenantId, o.data)) });
    }
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}
