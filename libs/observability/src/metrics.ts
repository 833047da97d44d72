import { Controller, Get, Header, Injectable, NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Public } from './public.decorator';

/** One registry per service process; capability modules add their own metrics to it. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsConsumed: Counter<'outcome' | 'type'>;
  readonly eventsPublished: Counter<string>;
  readonly outboxPending: Gauge<'collection'>;
  readonly consumerLag: Gauge<'group' | 'topic'>;
  readonly consumerGroupJoins: Counter<'group'>;
  readonly handlerTimeouts: Counter<'group' | 'type'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = this.histogram('roster_http_request_duration_seconds', 'HTTP request latency by route', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], [
      'method', 'route', 'status',
    ]);
    this.eventsConsumed = this.counter('roster_events_consumed_total', 'Events taken from Kafka, by outcome (handled, replayed, ignored, dead-lettered)', ['outcome', 'type']);
    this.eventsPublished = this.counter('roster_events_published_total', 'Events published (from the outbox, or by the write that made them)');
    this.outboxPending = this.gauge('roster_outbox_pending_documents', 'Documents holding events not yet published, by aggregate collection (as of the last check)', undefined, ['collection']);
    this.consumerGroupJoins = this.counter(
      'roster_kafka_consumer_group_joins_total',
      'Times this process joined its consumer group: one at start, one more per rebalance it took part in',
      ['group'],
    );
    this.handlerTimeouts = this.counter(
      'roster_kafka_handler_timeouts_total',
      'Event handler attempts let go after KAFKA_HANDLER_TIMEOUT_MS (then retried, or dead-lettered when they keep failing)',
      ['group', 'type'],
    );
    this.consumerLag = this.gauge('roster_kafka_consumer_lag', "Messages on the topic not yet committed by this service's consumer group", undefined, ['group', 'topic']);
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: L[] = []): Histogram<L> {
    return new Histogram({ name, help, buckets, labelNames, registers: [this.registry] });
  }

  /** With `collect`, the value is taken at each scrape; without, the owner sets it. */
  gauge<L extends string>(name: string, help: string, collect?: (gauge: Gauge<L>) => Promise<void> | void, labelNames: L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect && { collect() { return collect(this); } }) });
  }
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsRegistry) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    response.on('finish', () => {
      // The matched route pattern, not the raw path, keeps label cardinality bounded.
      const route = (request.route?.path as string | undefined) ?? 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
