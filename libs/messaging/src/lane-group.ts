import { Lane } from '@roster/contracts';

/** The consumer group of a service's lane: the bulk lane has a group of its own, so neither waits on the other's fetches. */
export function laneGroup(groupId: string, lane: Lane): string {
  return lane === 'bulk' ? `${groupId}-bulk` : groupId;
}
