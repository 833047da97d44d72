import { Module, OnModuleInit } from '@nestjs/common';
import { ContactErasure } from '../contacts/contact-erasure';
import { ContactsModule } from '../contacts/contacts.module';
import { TenantsModule } from '../tenants/tenants.module';
import { MessageEventsConsumer } from './message-events.consumer';
import { MessageOutcomesService } from './message-outcomes.service';
import { MessageTextRetention } from './message-text-retention';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagingPolicies } from './messaging-policies';

/** Message outcomes from campaign services: engagement traits, invalid numbers, status and consent from replies, history. */
@Module({
  imports: [ContactsModule, TenantsModule],
  controllers: [MessagesController, MessageEventsConsumer],
  providers: [MessagesRepository, MessageOutcomesService, MessagingPolicies, MessageTextRetention],
})
export class MessagesModule implements OnModuleInit {
  constructor(
    private readonly erasure: ContactErasure,
    private readonly messages: MessagesRepository,
  ) {}

  onModuleInit(): void {
    // Erasing a contact removes its messages, text included.
    this.erasure.register((tenantId, contactId) => this.messages.eraseForContact(tenantId, contactId));
  }
}
