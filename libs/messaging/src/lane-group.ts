import { LANES, Lane, laneOf } from '@roster/contracts';

/** The consumer group of a service's lane: the bulk lane has a group of its own, so neither waits on the other's fetches. */
export function laneGroup(groupId: string, lane: Lane): string {
  return lane === 'bulk' ? `${groupId}-bulk` : groupId;
}

/** A service's consumer groups: one per lane its topics carry, each with its own topics. */
export function consumerLanes(consumer: { groupId: string; topics: readonly string[] }): Array<{ lane: Lane; groupId: string; topics: string[] }> {
  return LANES.map((lane) => ({ lane, groupId: laneGroup(consumer.groupId, lane), topics: consumer.topics.filter((topic) => laneOf(topic) === lane) }))
    .filter((l) => l.topics.length > 0);
}
