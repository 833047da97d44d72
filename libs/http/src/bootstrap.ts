import { DynamicModule, INestApplication, Provider, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Connection } from 'mongoose';
import { ServiceSettings } from '@roster/config';
import { AppliedSequenceStore, ConsumerFreshness, EventPublisher, KAFKA, RosterKafkaServer, consumerLanes } from '@roster/messaging';
import { Kafka } from 'kafkajs';
import { SETTINGS } from './platform.module';
import { MetricsRegistry } from '@roster/observability';
import { MONGO_CONNECTION } from '@roster/persistence';
import { setupOpenApi } from './openapi';
import { securityHeaders, verifyJsonBody } from './request-hardening';
import { RateLimitShield } from './rate-limit';

export interface EventConsumerOptions {
  /** Logical consumer group; one per service. */
  groupId: string;
  /** Logical topics from `@roster/contracts`. */
  topics: string[];
  /**
   * The handlers keep each aggregate's version and skip an event that is not newer, so replays need
   * no applied-sequence store.
   */
  handlersSkipReplays?: boolean;
  /** Topics produced outside Roster, whose events carry no aggregate version: their handlers are idempotent themselves. */
  unsequencedTopics?: string[];
  /** See RosterKafkaServerOptions.keyConcurrency: for handlers that are safe to run side by side for different aggregates. */
  keyConcurrency?: number;
}

export interface ServiceOptions {
  name: string;
  module: Type | DynamicModule;
  settings: ServiceSettings;
  consumer?: EventConsumerOptions;
  /** Overrides HTTP_PORT (tests pass 0 for a free port). */
  port?: number;
}

/** How fresh the work of a service's consumer is, over all its lanes (a provider for the service's module). */
export function consumerFreshnessProvider(consumer: EventConsumerOptions): Provider {
  return {
    provide: ConsumerFreshness,
    inject: [KAFKA, SETTINGS],
    useFactory: (kafka: Kafka, settings: ServiceSettings) => new ConsumerFreshness(kafka, settings.KAFKA_TOPIC_PREFIX, consumerLanes(consumer)),
  };
}

/**
 * One Kafka consumer per lane, so that a bulk lane's long batches never hold the interactive
 * lane's next fetch; the handlers are shared, and interactive events take precedence.
 */
function connectEventConsumer(app: INestApplication, settings: ServiceSettings, consumer: EventConsumerOptions): void {
  const metrics = app.get(MetricsRegistry);
  const appliedSequences = consumer.handlersSkipReplays ? undefined : new AppliedSequenceStore(app.get<Connection>(MONGO_CONNECTION), consumer.groupId);
  const servers = consumerLanes(consumer).map(({ lane, groupId, topics }) => {
    const server = new RosterKafkaServer({
      kafka: app.get(KAFKA),
      groupId,
      topics,
      topicPrefix: settings.KAFKA_TOPIC_PREFIX,
      publisher: app.get(EventPublisher),
      appliedSequences,
      unsequencedTopics: consumer.unsequencedTopics,
      onOutcome: (outcome, type) => metrics.eventsConsumed.inc({ outcome, type }),
      onLag: (group, topic, lag) => metrics.consumerLag.set({ group, topic }, lag),
      onGroupJoin: (group) => metrics.consumerGroupJoins.inc({ group }),
      sessionTimeoutMs: settings.KAFKA_SESSION_TIMEOUT_MS,
      keyConcurrency: consumer.keyConcurrency,
      handlerTimeoutMs: settings.KAFKA_HANDLER_TIMEOUT_MS,
      onHandlerTimeout: (type) => metrics.handlerTimeouts.inc({ group: groupId, type }),
      lane,
    });
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    return { groupId, server };
  });
  metrics.gauge(
    'roster_kafka_consumer_time_behind_seconds',
    'Age of the oldest event fetched and not yet handled, over the partitions this process holds (0 when caught up)',
    (gauge) => {
      for (const { groupId, server } of servers) for (const [topic, seconds] of server.secondsBehind()) gauge.set({ group: groupId, topic }, seconds);
    },
    ['group', 'topic'],
  );
}

/** Creates, wires and starts one service: HTTP (with /docs), and its Kafka consumer if it has one. */
export async function startService(options: ServiceOptions): Promise<INestApplication> {
  // Only JSON bodies are parsed (form bodies are refused by ContentTypeGuard, uploads stream).
  const app = await NestFactory.create<NestExpressApplication>(options.module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // Before anything else: a tenant already over its limit is refused at the least cost.
  app.use(app.get(RateLimitShield).middleware);
  app.use(securityHeaders);
  app.useBodyParser('json', { limit: '10mb', type: ['application/json', 'application/*+json'], verify: verifyJsonBody });
  await setupOpenApi(app, options.name);
  if (options.consumer) {
    connectEventConsumer(app, options.settings, options.consumer);
    await app.startAllMicroservices();
  }
  await app.listen(options.port ?? options.settings.HTTP_PORT, options.settings.HTTP_HOST);
  return app;
}
