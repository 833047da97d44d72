/**
 * Kafka topics: one per aggregate, so every event of one aggregate stays in order on one partition.
 * Refer to topics only through these constants; physical names may carry an environment prefix.
 */
export const Topics = {
  Contacts: 'roster.contacts.v1',
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
}

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: Topics.Contacts, partitions: 6, key: 'contact id', description: 'Every change to a contact, with the whole contact as it now is.' },
  { name: Topics.Segments, partitions: 6, key: 'contact id', description: 'Segment entries and exits.' },
  { name: Topics.Imports, partitions: 3, key: 'import id', description: 'Import lifecycle.' },
  { name: Topics.Dedupe, partitions: 3, key: 'survivor contact id', description: 'Merge decisions for the contacts service to apply.' },
  {
    name: Topics.Messages, partitions: 6, key: 'contact id, or phone in E.164', inbound: true,
    description: 'Message outcomes reported by campaign services (sent, delivered, read, failed, inbound), applied by the contacts service.',
  },
];

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
