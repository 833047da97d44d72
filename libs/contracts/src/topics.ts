/**
 * Kafka topics: one per aggregate, so every event of one aggregate stays in order on one partition.
 * Refer to topics only through these constants; physical names may carry an environment prefix.
 */
export const Topics = {
  Contacts: 'roster.contacts.v1',
  ContactsBulk: 'roster.contacts.bulk.v1',
  Segments: 'roster.segments.v1',
  Imports: 'roster.imports.v1',
  Dedupe: 'roster.dedupe.v1',
  Messages: 'roster.messages.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  key: string;
  description: string;
  /** Produced outside Roster (campaign services) and consumed by it. */
  inbound?: boolean;
  /**
   * The bulk lane of this topic: the same events, made by bulk work (imports, bulk upserts and
   * actions), so that they never wait in line ahead of a person's edit. See `Lane`.
   */
  bulkLane?: TopicName;
}

/**
 * Which lane an event travels in: `interactive` (a person or an API client changing a few
 * aggregates; the default) or `bulk`. Consumers read the two lanes side by side and give the
 * interactive one precedence; an aggregate's order across lanes is kept by `sequence`, which works
 * because each event carries the whole aggregate.
 */
export type Lane = 'interactive' | 'bulk';
export const LANES: readonly Lane[] = ['interactive', 'bulk'];

export const TOPIC_SPECS: readonly TopicSpec[] = [
  {
    name: Topics.Contacts, partitions: 6, key: 'contact id', bulkLane: Topics.ContactsBulk,
    description: 'Every change to a contact made by a person or an API client editing a few contacts, with the whole contact as it now is.',
  },
  {
    name: Topics.ContactsBulk, partitions: 6, key: 'contact id',
    description: 'The bulk lane of roster.contacts.v1: the same events, made by imports, bulk upserts and bulk actions. '
      + 'Consumers read both and order one contact\'s events across them by sequence.',
  },
  { name: Topics.Segments, partitions: 6, key: 'contact id', description: 'Segment entries and exits.' },
  { name: Topics.Imports, partitions: 3, key: 'import id', description: 'Import lifecycle.' },
  { name: Topics.Dedupe, partitions: 3, key: 'survivor contact id', description: 'Merge decisions for the contacts service to apply.' },
  {
    name: Topics.Messages, partitions: 6, key: 'contact id, or phone in E.164', inbound: true,
    description: 'Message outcomes reported by campaign services (sent, delivered, read, failed, inbound), applied by the contacts service.',
  },
];

const specOf = (topic: string) => TOPIC_SPECS.find((spec) => spec.name === topic);

/** The topic an event of `topic` travels on in `lane` (the topic itself where it has no bulk lane). */
export function laneTopic(topic: string, lane: Lane | undefined): string {
  return lane === 'bulk' ? specOf(topic)?.bulkLane ?? topic : topic;
}

/** A topic and its bulk lane, if it has one: what a reader of all of the topic's events subscribes to. */
export function withBulkLane(topic: string): string[] {
  const bulkLane = specOf(topic)?.bulkLane;
  return bulkLane ? [topic, bulkLane] : [topic];
}

/** The lane a topic carries. */
export function laneOf(topic: string): Lane {
  return TOPIC_SPECS.some((spec) => spec.bulkLane === topic) ? 'bulk' : 'interactive';
}

/** The topic whose events a bulk lane carries (the topic itself otherwise): what the events' contracts name. */
export function contractTopic(topic: string): string {
  return TOPIC_SPECS.find((spec) => spec.bulkLane === topic)?.name ?? topic;
}

const DEAD_LETTER_SUFFIX = '.dlq';

export function deadLetterTopic(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

/** The name on the broker: the logical name behind an optional environment prefix. */
export function physicalTopic(topic: string, prefix = ''): string {
  return prefix ? `${prefix}.${topic}` : topic;
}

/** Every topic to provision, dead-letter topics included. */
export function allTopicsToProvision(prefix = ''): Array<{ topic: string; numPartitions: number }> {
  return TOPIC_SPECS.flatMap((spec) => [
    { topic: physicalTopic(spec.name, prefix), numPartitions: spec.partitions },
    { topic: physicalTopic(deadLetterTopic(spec.name), prefix), numPartitions: 1 },
  ]);
}
