import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka, Partitioners, Producer } from 'kafkajs';
import { ServiceSettings } from '@roster/config';
import { ReadinessRegistry } from '@roster/observability';
import { EventPublisher } from './event-publisher';
import { createKafka } from './kafka-client';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

@Injectable()
class KafkaLifecycle implements OnModuleInit, OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
    this.readiness.register('kafka', async () => {
      this.admin ??= this.kafka.admin();
      await this.admin.connect();
      const cluster = await this.admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no brokers');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.admin?.disconnect();
  }
}

/** Kafka client, producer and event publisher, for one service. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(service: string, settings: ServiceSettings): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: KAFKA, useFactory: () => createKafka({ brokers: settings.kafkaBrokers, clientId: `roster-${service}` }) },
        {
          provide: KAFKA_PRODUCER,
          inject: [KAFKA],
          // One request in flight keeps each partition's order across retries; a retried duplicate
          // is harmless because consumers skip sequences they already applied.
          useFactory: (kafka: Kafka) =>
            kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner }),
        },
        {
          provide: EventPublisher,
          inject: [KAFKA_PRODUCER],
          useFactory: (producer: Producer) => new EventPublisher(producer, settings.KAFKA_TOPIC_PREFIX),
        },
        KafkaLifecycle,
      ],
      exports: [KAFKA, KAFKA_PRODUCER, EventPublisher],
    };
  }
}
