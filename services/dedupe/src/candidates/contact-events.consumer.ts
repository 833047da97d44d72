import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ActivityRecorded, ConsentChanged, ContactCreated, ContactDeleted, ContactSnapshot, ContactUpdated, ContactsMerged, EventData, EventEnvelope, TagChanged,
} from '@roster/contracts';
import { MergeDecisionsRepository } from '../merges/merge-decisions.repository';
import { CandidateFinder } from './candidate-finder';

/** Contact events in, candidate pairs out: a changed contact gets its candidates at once. */
@Controller()
export class ContactEventsConsumer {
  constructor(
    private readonly finder: CandidateFinder,
    private readonly decisions: MergeDecisionsRepository,
  ) {}

  @EventPattern([ContactCreated.type, ContactUpdated.type, TagChanged.type, ConsentChanged.type, ActivityRecorded.type])
  async contactChanged(@Payload() event: EventEnvelope<{ contact: ContactSnapshot }>): Promise<void> {
    const outcome = await this.finder.apply(event.tenantid, event.subject, event.data.contact, event.sequence);
    // A merged-away contact created again (a creation past the first version) is the undo of its
    // merge, done. A first creation cannot be one, and most creations are first ones: no query.
    if (event.type === ContactCreated.type && event.sequence > 1 && outcome === 'applied') await this.decisions.markUndone(event.tenantid, event.subject);
  }

  @EventPattern(ContactDeleted.type)
  async contactDeleted(@Payload() event: EventEnvelope<EventData<typeof ContactDeleted>>): Promise<void> {
    await this.finder.apply(event.tenantid, event.subject, null, event.sequence);
  }

  @EventPattern(ContactsMerged.type)
  async contactsMerged(@Payload() event: EventEnvelope<EventData<typeof ContactsMerged>>): Promise<void> {
    await this.finder.apply(event.tenantid, event.subject, event.data.contact, event.sequence);
    for (const mergedId of event.data.mergedIds) await this.finder.apply(event.tenantid, mergedId, null, 0, true);
    await this.decisions.markApplied(event.tenantid, event.data.decisionId);
  }
}
