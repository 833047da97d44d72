import { Topics, withBulkLane } from '@roster/contracts';
import { EventConsumerOptions } from '@roster/http';

/**
 * The events this service consumes, under its own consumer group. The contact projection's version
 * check skips replays (ContactEventsConsumer), and each contact's writes are conditional, so
 * different contacts' events are handled side by side.
 */
export const segmentationEventConsumer: EventConsumerOptions = { groupId: 'segmentation', topics: withBulkLane(Topics.Contacts), handlersSkipReplays: true, keyConcurrency: 64 };
