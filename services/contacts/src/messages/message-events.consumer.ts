import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, MessageDelivered, MessageEventData, MessageFailed, MessageRead, MessageReceived, MessageSent, outcomeOfType } from '@roster/contracts';
import { MessageOutcomesService } from './message-outcomes.service';

type OutcomeEnvelope = EventEnvelope<MessageEventData>;

/** Message outcomes from campaign services (roster.messages.v1); an unknown contact is dead-lettered with the reason. */
@Controller()
export class MessageEventsConsumer {
  constructor(private readonly outcomes: MessageOutcomesService) {}

  private async apply(event: OutcomeEnvelope): Promise<void> {
    await this.outcomes.apply({ tenantId: event.tenantid, correlationId: event.correlationid }, outcomeOfType[event.type], event.data);
  }

  @EventPattern(MessageSent.type)
  sent(@Payload() event: OutcomeEnvelope) {
    return this.apply(event);
  }

  @EventPattern(MessageDelivered.type)
  delivered(@Payload() event: OutcomeEnvelope) {
    return this.apply(event);
  }

  @EventPattern(MessageRead.type)
  read(@Payload() event: OutcomeEnvelope) {
    return this.apply(event);
  }

  @EventPattern(MessageFailed.type)
  failed(@Payload() event: OutcomeEnvelope) {
    return this.apply(event);
  }

  @EventPattern(MessageReceived.type)
  received(@Payload() event: OutcomeEnvelope) {
    return this.apply(event);
  }
}
