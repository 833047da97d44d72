import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { physicalTopic } from '@roster/contracts';

/** How far a consumer's derived state is behind the events on its topics. */
export interface Freshness {
  /** `current`: every event on the topics when last checked is applied; `catching-up` otherwise. */
  status: 'current' | 'catching-up';
  /** Every event published before this moment is applied (null: before anything this instance has seen). */
  appliedThrough: string | null;
  /** How long ago that moment is: 0 when current. */
  behindSeconds: number;
  /** Events published and not yet applied, over every lane. */
  pendingEvents: number;
}

export interface FreshnessLane {
  /** Logical group and topics, as the service's consumer lanes name them. */
  groupId: string;
  topics: string[];
}

interface Sample {
  at: number;
  end: number;
}

const SAMPLE_MS = 1_000;
const HISTORY_MS = 15 * 60_000;

/**
 * Tells how fresh a consumer group's work is from Kafka alone, so every instance answers alike:
 * each second it notes each partition's end offset; a partition has applied every event published
 * before the latest moment whose end offset its group has committed (consumers commit at once
 * when they drain a partition). The service's freshness is that of its furthest-behind partition,
 * over all its lanes.
 */
export class ConsumerFreshness implements OnModuleInit, OnApplicationShutdown {
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private readonly history = new Map<string, Sample[]>();
  private latest: Freshness = { status: 'catching-up', appliedThrough: null, behindSeconds: 0, pendingEvents: 0 };
  private sampling?: Promise<void>;
  private sampled = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
    private readonly lanes: readonly FreshnessLane[],
    private readonly now: () => number = Date.now,
  ) {}

  onModuleInit(): void {
    this.timer ??= setInterval(() => void this.sample(), SAMPLE_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling?.catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** As of the latest sample (at most a second old); the first call waits for one. */
  async current(): Promise<Freshness> {
    if (!this.sampled) await this.sample();
    return this.latest;
  }

  /** Takes a sample now (also what the timer does), one at a time. */
  sample(): Promise<void> {
    this.sampling ??= this.takeSample().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async takeSample(): Promise<void> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const at = this.now();
      let through = at;
      let pending = 0;
      for (const lane of this.lanes) {
        const group = this.topicPrefix ? `${this.topicPrefix}.${lane.groupId}` : lane.groupId;
        for (const logical of lane.topics) {
          const topic = physicalTopic(logical, this.topicPrefix);
          const ends = await this.admin.fetchTopicOffsets(topic);
          const [committed] = await this.admin.fetchOffsets({ groupId: group, topics: [topic] });
          const committedOf = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
          for (const { partition, high } of ends) {
            const samples = this.remember(`${topic}:${partition}`, { at, end: Number(high) });
            const done = Math.max(0, committedOf.get(partition) ?? 0);
            pending += Math.max(0, Number(high) - done);
            through = Math.min(through, appliedThrough(samples, done));
          }
        }
      }
      this.latest = freshnessAt(at, through, pending);
      this.sampled = true;
    } catch {
      // Kafka does not answer: nothing newer is known to be applied, so the last answer ages.
      const through = this.latest.appliedThrough ? Date.parse(this.latest.appliedThrough) : -Infinity;
      this.latest = freshnessAt(this.now(), through, Math.max(1, this.latest.pendingEvents));
    }
  }

  private remember(key: string, sample: Sample): Sample[] {
    const samples = this.history.get(key) ?? [];
    samples.push(sample);
    while (samples.length > 1 && samples[0].at < sample.at - HISTORY_MS) samples.shift();
    this.history.set(key, samples);
    return samples;
  }
}

/**
 * The latest sample time whose end offset `committed` covers: every event published before it is
 * applied. Samples are in time order with growing ends. Before the oldest sample when none is
 * covered (-Infinity when nothing is known).
 */
export function appliedThrough(samples: readonly Sample[], committed: number): number {
  for (let i = samples.length - 1; i >= 0; i--) if (samples[i].end <= committed) return samples[i].at;
  return samples.length > 0 ? samples[0].at - SAMPLE_MS : -Infinity;
}

export function freshnessAt(now: number, through: number, pendingEvents: number): Freshness {
  const current = through >= now && pendingEvents === 0;
  const known = Number.isFinite(through);
  return {
    status: current ? 'current' : 'catching-up',
    appliedThrough: known ? new Date(Math.min(through, now)).toISOString() : null,
    behindSeconds: current || !known ? 0 : Math.round(Math.max(0, now - through) / 100) / 10,
    pendingEvents,
  };
}
