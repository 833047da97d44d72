import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { Counter } from 'prom-client';
import { Topics, laneOf, physicalTopic, withBulkLane } from '@roster/contracts';
import { SETTINGS } from '@roster/http';
import { KAFKA, consumerGroupLag, laneGroup } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { ImportsSettings } from '../imports.settings';

const POLL_MS = 1_000;

/**
 * Holds an import between chunks while the consumers of contact events are far behind
 * (IMPORT_PACE_MAX_LAG), so the backlog one import makes stays bounded and other tenants' edits
 * wait behind at most that many events. Groups that have never committed are not waited for
 * (not deployed); nor is any group, or an unanswered lag query, longer than IMPORT_PACE_MAX_WAIT_MS
 * at one chunk.
 */
@Injectable()
export class EventBacklogGate implements OnApplicationShutdown {
  private readonly logger = new Logger(EventBacklogGate.name);
  private admin?: Admin;
  private readonly waited: Counter<string>;
  private readonly heldChecks: Counter<string>;
  private closed = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SETTINGS) private readonly settings: ImportsSettings,
    metrics: MetricsRegistry,
  ) {
    this.waited = metrics.counter('roster_import_paced_seconds_total', 'Seconds imports waited for the consumers of contact events to catch up');
    this.heldChecks = metrics.counter('roster_import_pace_holds_total', 'Checks of the consumers\' lag that held an import back (one a second while it waits)');
  }

  get enabled(): boolean {
    return this.settings.IMPORT_PACE_MAX_LAG > 0;
  }

  /** Returns once the watched groups are within the limit (or the wait is over). */
  async waitForRoom(importId: string): Promise<void> {
    if (!this.enabled) return;
    const started = Date.now();
    let logged = false;
    while (!this.closed && Date.now() - started < this.settings.IMPORT_PACE_MAX_WAIT_MS) {
      // Unknown lag (Kafka busy or moving a coordinator) is asked again, within the same bound.
      const lag = await this.lag().catch((error: unknown) => {
        this.logger.warn(`consumer lag unknown, asking again: ${(error as Error).message}`);
        return undefined;
      });
      if (lag !== undefined && lag <= this.settings.IMPORT_PACE_MAX_LAG) break;
      if (lag !== undefined) this.heldChecks.inc();
      if (!logged) this.logger.log({ importId, lag, limit: this.settings.IMPORT_PACE_MAX_LAG }, 'import waits for the consumers of contact events');
      logged = true;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    this.waited.inc((Date.now() - started) / 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** Read afresh for every chunk: two offset requests per group, small beside a chunk's writes. */
  private async lag(): Promise<number> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const prefix = this.settings.KAFKA_TOPIC_PREFIX;
    let worst = 0;
    // Imports travel in the bulk lane, which each consumer reads under a group of its own.
    for (const group of this.settings.IMPORT_PACE_GROUPS.split(',')) {
      for (const topic of withBulkLane(Topics.Contacts)) {
        const lane = laneGroup(group, laneOf(topic));
        const { lag, committed } = await consumerGroupLag(this.admin, prefix ? `${prefix}.${lane}` : lane, physicalTopic(topic, prefix));
        if (committed) worst = Math.max(worst, lag);
      }
    }
    return worst;
  }
}
