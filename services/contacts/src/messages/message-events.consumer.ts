import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, MESSAGE_EVENTS, MessageEventData, outcomeOfType } from '@roster/contracts';
import { MessageOutcomesService } from './message-outcomes.service';

/** Message outcomes from campaign services (roster.messages.v1); an unknown contact is dead-lettered with the reason. */
@Controller()
export class MessageEventsConsumer {
  constructor(private readonly outcomes: MessageOutcomesService) {}

  @EventPattern(MESSAGE_EVENTS.map((event) => event.type))
  async apply(@Payload() event: EventEnvelope<MessageEventData>): Promise<void> {
    await this.outcomes.apply({ tenantId: event.tenantid, correlationId: event.correlationid }, outcomeOfType[event.type], event.data);
  }
}
