import { EventDefinition } from './envelope';
import {
  ActivityRecorded,
  ConsentChanged,
  ContactCreated,
  ContactDeleted,
  ContactsMerged,
  ContactUpdated,
  TagChanged,
} from './events/contact.events';
import { MergeDecided, MergeUndoDecided } from './events/dedupe.events';
import { ImportCompleted, ImportFailed, ImportStarted } from './events/import.events';
import { SegmentMembershipChanged } from './events/segment.events';
import { MESSAGE_EVENTS } from './events/message.events';

/** Every event Roster publishes, and the message events it consumes from campaign services. The AsyncAPI document and consumer validation are derived from this list. */
export const EVENT_CATALOGUE: readonly EventDefinition[] = [
  ContactCreated,
  ContactUpdated,
  TagChanged,
  ConsentChanged,
  ActivityRecorded,
  ContactDeleted,
  ContactsMerged,
  SegmentMembershipChanged,
  ImportStarted,
  ImportCompleted,
  ImportFailed,
  MergeDecided,
  MergeUndoDecided,
  ...MESSAGE_EVENTS,
];

const byType = new Map(EVENT_CATALOGUE.map((definition) => [definition.type, definition]));

export function eventDefinitionByType(type: string): EventDefinition | undefined {
  return byType.get(type);
}
