import { Topics, withBulkLane } from '@roster/contracts';
import { EventConsumerOptions } from '@roster/http';

/**
 * The events this service consumes, under its own consumer group (one per lane). The finder keeps
 * each contact's version and skips an event that is not newer, and its writes are version-checked
 * or commute, so different contacts' events are handled side by side (and their reads and writes
 * coalesced into one request each).
 */
export const dedupeEventConsumer: EventConsumerOptions = { groupId: 'dedupe', topics: withBulkLane(Topics.Contacts), handlersSkipReplays: true, keyConcurrency: 64 };
