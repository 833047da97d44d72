import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventData, EventEnvelope, MergeDecided, MergeUndoDecided } from '@roster/contracts';
import { ContactMerger } from './contact-merger';

/** Merge decisions from the dedupe service: the contacts service is the one that merges. */
@Controller()
export class MergeDecisionsConsumer {
  constructor(private readonly merger: ContactMerger) {}

  @EventPattern(MergeDecided.type)
  async mergeDecided(@Payload() event: EventEnvelope<EventData<typeof MergeDecided>>): Promise<void> {
    await this.merger.apply(event.tenantid, event.data, event.correlationid);
  }

  @EventPattern(MergeUndoDecided.type)
  async mergeUndoDecided(@Payload() event: EventEnvelope<EventData<typeof MergeUndoDecided>>): Promise<void> {
    await this.merger.undo(event.tenantid, event.data, event.correlationid);
  }
}
