import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ActivityRecorded, ConsentChanged, ContactCreated, ContactDeleted, ContactSnapshot, ContactUpdated, ContactsMerged, EventData, EventEnvelope, TagChanged,
} from '@roster/contracts';
import { segmentContactOf } from '../rules/domain/segment-contact';
import { ContactProjectionRecord } from './contact-projection.schema';
import { ContactState, MembershipWriter } from './membership-writer';

const causeOf = (event: EventEnvelope) => ({ kind: 'contact-event' as const, eventId: event.id, eventType: event.type });

/** An event applies only if it is newer than what the projection holds: replays change nothing. */
const newer = (event: EventEnvelope, state: ContactState) => (current: ContactProjectionRecord | null) =>
  current && current.version >= event.sequence ? 'skip' : state;

/** Contact events in, membership decisions out. */
@Controller()
export class ContactEventsConsumer {
  constructor(private readonly writer: MembershipWriter) {}

  @EventPattern([ContactCreated.type, ContactUpdated.type, TagChanged.type, ConsentChanged.type, ActivityRecorded.type])
  async contactChanged(@Payload() event: EventEnvelope<{ contact: ContactSnapshot }>): Promise<void> {
    await this.apply(event, segmentContactOf(event.data.contact));
  }

  @EventPattern(ContactDeleted.type)
  async contactDeleted(@Payload() event: EventEnvelope<EventData<typeof ContactDeleted>>): Promise<void> {
    // Erased or not, the projection keeps no personal data of a deleted contact.
    await this.apply(event, null);
  }

  /** The survivor takes the merged state; merged-away contacts exit every segment. */
  @EventPattern(ContactsMerged.type)
  async contactsMerged(@Payload() event: EventEnvelope<EventData<typeof ContactsMerged>>): Promise<void> {
    await this.apply(event, segmentContactOf(event.data.contact));
    for (const mergedId of event.data.mergedIds) {
      await this.writer.reconcile(event.tenantid, mergedId, {
        next: (current) => (current?.contact === null ? 'skip' : { contact: null, version: current?.version ?? 0 }),
        cause: causeOf(event),
        correlationId: event.correlationid,
      });
    }
  }

  private async apply(event: EventEnvelope, contact: ContactState['contact']): Promise<void> {
    await this.writer.reconcile(event.tenantid, event.subject, {
      next: newer(event, { contact, version: event.sequence }),
      cause: causeOf(event),
      correlationId: event.correlationid,
    });
  }
}
