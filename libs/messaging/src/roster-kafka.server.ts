import { CustomTransportStrategy, Server, BaseRpcContext } from '@nestjs/microservices';
import { Admin, Consumer, EachBatchPayload, EachMessagePayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { EventEnvelope, Lane, deadLetterTopic, physicalTopic, validateEvent } from '@roster/contracts';
import { withLogContext } from '@roster/observability';
import { bulkTurn, inLane } from '@roster/persistence';
import { AppliedSequenceStore } from './applied-sequence.store';
import { BatchPacer } from './batch-pacer';
import { ConsumerProgress } from './consumer-progress';
import { consumerGroupLag } from './group-lag';
import { EventPublisher } from './event-publisher';
import { runKeyOrdered } from './key-ordered-runner';

export const DEAD_LETTER_HEADERS = {
  reason: 'x-dlq-reason',
  topic: 'x-dlq-original-topic',
  partition: 'x-dlq-original-partition',
  offset: 'x-dlq-original-offset',
  group: 'x-dlq-consumer-group',
  at: 'x-dlq-at',
} as const;

export interface RosterKafkaServerOptions {
  kafka: Kafka;
  /** Logical consumer group, e.g. `segmentation`; the topic prefix is prepended. */
  groupId: string;
  /** Logical topic names from `@roster/contracts`. */
  topics: string[];
  topicPrefix: string;
  publisher: EventPublisher;
  /**
   * Skips replays of an already-applied `sequence`. Absent when the handlers themselves hold each
   * aggregate's version and skip what is not newer: one store read and write less per event.
   */
  appliedSequences?: AppliedSequenceStore;
  /** Topics whose events carry no aggregate version (produced outside Roster): never checked against appliedSequences. */
  unsequencedTopics?: string[];
  /** Handler attempts before the event is dead-lettered. */
  maxAttempts?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Events of different keys (aggregates) handled at once within a partition, each key's in order.
   * 1 (the default) handles a partition's events one at a time.
   */
  keyConcurrency?: number;
  /** See KAFKA_SESSION_TIMEOUT_MS; heartbeats go every tenth of it. */
  sessionTimeoutMs?: number;
  onOutcome?: (outcome: EventOutcome, type: string) => void;
  /** Called every LAG_CHECK_MS with the group's lag per topic (messages not yet committed). */
  onLag?: (group: string, topic: string, lag: number) => void;
  /** Called each time this member (re)joins its group: a rebalance, or the first join. */
  onGroupJoin?: (group: string) => void;
  /**
   * After a rebalance is announced, how long events already being handled may still take before
   * the batch lets them go on unwatched (their offsets unresolved, so they are handled again by
   * whoever holds the partition next) and the member rejoins. Below kafkajs' rebalance timeout.
   */
  rejoinGraceMs?: number;
  /** A batch takes no new events after this long; the rest are fetched again. */
  batchBudgetMs?: number;
  /**
   * How long one attempt of a handler may take. Past it the attempt is let go (it may still finish
   * in the background: handlers are idempotent and version-checked), counted, and retried by the
   * usual rules, so a database call that never answers cannot stop its partition.
   */
  handlerTimeoutMs?: number;
  /** Called each time a handler attempt ran out of time. */
  onHandlerTimeout?: (type: string) => void;
  /** The lane these topics carry: a bulk lane's events yield to the interactive lane's (see `inLane`). */
  lane?: Lane;
}

const LAG_CHECK_MS = 15_000;
/** Resolved offsets are committed at least this often while batches run. */
export const COMMIT_INTERVAL_MS = 5_000;
const REBALANCE_TIMEOUT_MS = 60_000;
const MAX_BYTES_PER_PARTITION = 512 * 1024;
/** See RosterKafkaServerOptions.handlerTimeoutMs (KAFKA_HANDLER_TIMEOUT_MS). */
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

export type EventOutcome = 'handled' | 'replayed' | 'ignored' | 'dead-lettered';

/** An attempt that ran past `handlerTimeoutMs`. */
export class HandlerTimedOut extends Error {}

/** `work`, or a HandlerTimedOut rejection once `ms` have passed without it settling. */
export function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HandlerTimedOut(`${what} took longer than ${ms} ms`)), ms);
  });
  // A late rejection of work let go must not surface as an unhandled one.
  work.catch(() => undefined);
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Thrown by a handler for an event that can never be applied: it is dead-lettered at once, with the message as reason. */
export class UnprocessableEvent extends Error {}

/** What a handler can learn about the message behind the event. */
export class RosterEventContext extends BaseRpcContext<[topic: string, partition: number, offset: string]> {
  get topic() { return this.args[0]; }
  get partition() { return this.args[1]; }
  get offset() { return this.args[2]; }
}

/**
 * A Nest microservice transport for Roster events on Kafka. Handlers subscribe by event type:
 * `@EventPattern(ContactCreated.type)`. At the boundary each message is parsed and validated against
 * its contract (failures go to the topic's dead-letter topic with the reason), replays of an
 * already-applied `sequence` are skipped, and a handler that keeps failing dead-letters its event
 * instead of blocking the partition.
 */
export class RosterKafkaServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private readonly group: string;
  private lagTimer?: NodeJS.Timeout;
  /** Connected on the first lag check, kept until close. */
  private admin?: Admin;
  private readonly progress = new ConsumerProgress();
  /** When the group last asked this member to rejoin, until it has. */
  private rejoinAskedAt?: number;
  private rejoinError?: Error;

  constructor(private readonly options: RosterKafkaServerOptions) {
    super();
    this.group = options.topicPrefix ? `${options.topicPrefix}.${options.groupId}` : options.groupId;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const consumer = this.options.kafka.consumer({
        groupId: this.group,
        allowAutoTopicCreation: false,
        sessionTimeout: this.sessionTimeoutMs,
        heartbeatInterval: this.heartbeatIntervalMs,
        rebalanceTimeout: REBALANCE_TIMEOUT_MS,
        maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
      });
      this.consumer = consumer;
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        this.rejoinAskedAt = undefined;
        this.rejoinError = undefined;
        this.progress.assigned(payload.memberAssignment);
        this.options.onGroupJoin?.(this.group);
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: this.options.topics.map((t) => physicalTopic(t, this.options.topicPrefix)),
        fromBeginning: true,
      });
      await consumer.run({
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
        eachBatchAutoResolve: false,
        autoCommitInterval: COMMIT_INTERVAL_MS,
        eachBatch: (payload) => this.consumeBatch(payload),
      });
      if (this.options.onLag) this.lagTimer = setInterval(() => void this.reportLag(), LAG_CHECK_MS).unref();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.lagTimer);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  on(): void {
    // Status events are not exposed; health comes from the readiness checks.
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /** Seconds behind per logical topic, over the partitions this member holds. */
  secondsBehind(): Map<string, number> {
    const behind = new Map<string, number>();
    for (const [topic, seconds] of this.progress.secondsBehind()) behind.set(this.logicalTopic(topic), seconds);
    return behind;
  }

  private get handlerTimeoutMs() {
    return this.options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  }

  private get sessionTimeoutMs() {
    return this.options.sessionTimeoutMs ?? 30_000;
  }

  private get heartbeatIntervalMs() {
    return Math.floor(this.sessionTimeoutMs / 10);
  }

  private logicalTopic(topic: string) {
    return this.options.topicPrefix ? topic.slice(this.options.topicPrefix.length + 1) : topic;
  }

  /** Lag of the whole group (every instance reports the same figure): end offsets minus committed ones. */
  private async reportLag(): Promise<void> {
    try {
      if (!this.admin) {
        this.admin = this.options.kafka.admin();
        await this.admin.connect();
      }
      const admin = this.admin;
      for (const logical of this.options.topics) {
        const { lag } = await consumerGroupLag(admin, this.group, physicalTopic(logical, this.options.topicPrefix));
        this.options.onLag?.(this.group, logical, lag);
      }
    } catch (error) {
      // Metrics only: Kafka trouble shows in readiness and in the consumer itself.
      this.logger.debug?.(`consumer lag check failed: ${(error as Error).message}`);
    }
  }

  /**
   * A fetched batch of one partition: events of different keys side by side, offsets resolved in
   * order as events are done. A pacer keeps the member in its group meanwhile. The batch stops
   * taking events when its budget is spent or the group rebalances; on a rebalance, events still
   * in flight get `rejoinGraceMs` before the batch returns without them, so a handler stuck on
   * the database cannot hold the whole group.
   */
  private async consumeBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = batch;
    if (messages.length === 0) return;
    const pacer = new BatchPacer({ heartbeat, commitOffsetsIfNecessary }, {
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      onRebalance: (error) => this.rejoinAsked(error),
    });
    const next = new Map(messages.map((message, i) => [message.offset, messages[i + 1]]));
    const lastOffset = Number(messages[messages.length - 1].offset);
    const caughtUp = Number(batch.highWatermark) <= lastOffset + 1;
    const budgetEnds = Date.now() + (this.options.batchBudgetMs ?? 10 * COMMIT_INTERVAL_MS);
    this.progress.started(topic, partition, Number(messages[0].timestamp));
    let open = true;
    let resolvedThrough = -1;
    const run = runKeyOrdered<KafkaMessage>({
      items: messages,
      keyOf: (message) => message.key?.toString('utf8') ?? '',
      concurrency: this.options.keyConcurrency ?? 1,
      shouldContinue: () => isRunning() && !isStale() && this.rejoinAskedAt === undefined && Date.now() < budgetEnds,
      handle: (message) => this.prioritised(() => this.consume({ topic, partition, message })),
      onCompleted: (message) => {
        // An event let go on a rejoin may finish later: its partition may be another member's by then.
        if (!open) return;
        resolveOffset(message.offset);
        resolvedThrough = Number(message.offset);
        const following = next.get(message.offset);
        this.progress.advanced(topic, partition, following && Number(following.timestamp), !following && caughtUp);
      },
    });
    try {
      await Promise.race([run, this.rejoinDeadline(run)]);
    } finally {
      open = false;
      pacer.stop();
    }
    // Rejoin now rather than at kafkajs' next heartbeat: the group waits for every member.
    if (this.rejoinError) throw this.rejoinError;
    // A partition drained is committed at once rather than within the commit interval: the group's
    // committed offsets are what tells every instance how fresh the derived state is.
    if (caughtUp && resolvedThrough === lastOffset) {
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: String(lastOffset + 1) }] }] }).catch(() => undefined);
    }
  }

  /** Bulk-lane events wait for interactive ones, and their database requests batch in a line of their own. */
  private async prioritised(work: () => Promise<void>): Promise<void> {
    const lane = this.options.lane ?? 'interactive';
    if (lane === 'bulk') await bulkTurn();
    return inLane(lane, work);
  }

  private rejoinAsked(error: Error): void {
    if (this.rejoinAskedAt !== undefined) return;
    this.rejoinAskedAt = Date.now();
    this.rejoinError = error;
    this.logger.warn?.(`consumer group ${this.group} is rebalancing (${error.message}): finishing the events in flight`);
  }

  /** Resolves once a rejoin has been waiting `rejoinGraceMs` (never while `run` goes on without one). */
  private rejoinDeadline(run: Promise<void>): Promise<void> {
    const grace = this.options.rejoinGraceMs ?? REBALANCE_TIMEOUT_MS / 3;
    return new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (this.rejoinAskedAt === undefined || Date.now() - this.rejoinAskedAt < grace) return;
        this.logger.warn?.(`consumer group ${this.group}: events still in flight after ${grace} ms of a rebalance are left to be handled again`);
        resolve();
      }, Math.min(250, grace));
      void run.finally(() => clearInterval(timer)).catch(() => undefined);
    });
  }

  private async consume({ topic, partition, message }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>): Promise<void> {
    const raw = message.value?.toString('utf8') ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return this.deadLetter(topic, partition, message.offset, raw, message.headers, 'message value is not JSON');
    }
    const check = validateEvent(parsed);
    if (!check.ok) return this.deadLetter(topic, partition, message.offset, raw, message.headers, check.reason);
    const event = check.event;

    const handler = this.getHandlerByPattern(event.type);
    if (!handler) return this.report('ignored', event.type);

    const sequences = this.options.unsequencedTopics?.includes(this.logicalTopic(topic)) ? undefined : this.options.appliedSequences;
    const applied = (await sequences?.lastApplied(event.tenantid, event.subject)) ?? 0;
    if (event.sequence <= applied) return this.report('replayed', event.type);

    const failure = await withLogContext({ tenantId: event.tenantid, correlationId: event.correlationid, eventId: event.id, eventType: event.type }, () =>
      this.runHandler(handler, event, new RosterEventContext([topic, partition, message.offset])),
    );
    if (failure) {
      return this.deadLetter(topic, partition, message.offset, raw, message.headers, `handler failed: ${failure}`);
    }
    await sequences?.markApplied(event.tenantid, event.subject, event.sequence);
    this.report('handled', event.type);
  }

  /** Returns the last error message, or undefined once the handler succeeded. */
  private async runHandler(handler: NonNullable<ReturnType<Server['getHandlerByPattern']>>, event: EventEnvelope, context: RosterEventContext) {
    const attempts = this.options.maxAttempts ?? 3;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const attemptRun = (async () => lastValueFrom(this.transformToObservable(await handler(event, context)), { defaultValue: undefined }))();
        await withinTime(attemptRun, this.handlerTimeoutMs, `handler for ${event.type}`);
        return undefined;
      } catch (error) {
        if (error instanceof HandlerTimedOut) this.options.onHandlerTimeout?.(event.type);
        lastError = error instanceof Error ? error.message : String(error);
        // Trying again cannot help (an event naming a contact that does not exist): dead-letter it now.
        if (error instanceof UnprocessableEvent) return lastError;
        this.logger.warn?.(`handler for ${event.type} failed (attempt ${attempt}/${attempts}): ${lastError}`);
        // A time-out is the database or the broker away rather than a bad event: wait longer for it to
        // come back (its dead connections to be closed) before the next attempt.
        const backoffMs = error instanceof HandlerTimedOut ? Math.min(this.handlerTimeoutMs, 500 * 4 ** (attempt - 1)) : 100 * 2 ** attempt;
        if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs));
      }
    }
    return lastError;
  }

  private async deadLetter(topic: string, partition: number, offset: string, raw: string, headers: IHeaders | undefined, reason: string) {
    await this.options.publisher.sendRaw(deadLetterTopic(this.logicalTopic(topic)), [
      {
        key: `${topic}:${partition}:${offset}`,
        value: raw,
        headers: {
          ...headers,
          [DEAD_LETTER_HEADERS.reason]: reason,
          [DEAD_LETTER_HEADERS.topic]: topic,
          [DEAD_LETTER_HEADERS.partition]: String(partition),
          [DEAD_LETTER_HEADERS.offset]: offset,
          [DEAD_LETTER_HEADERS.group]: this.group,
          [DEAD_LETTER_HEADERS.at]: new Date().toISOString(),
        },
      },
    ]);
    this.logger.warn?.(`dead-lettered ${topic}[${partition}]@${offset}: ${reason}`);
    this.report('dead-lettered', 'unknown');
  }

  private report(outcome: EventOutcome, type: string): void {
    this.options.onOutcome?.(outcome, type);
  }
}
