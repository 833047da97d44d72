import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@roster/contracts';
import { EventConsumerOptions, ServicePlatformModule } from '@roster/http';

import { ContactsModule } from './contacts/contacts.module';
import { ContactsSettings } from './contacts.settings';
import { MergesModule } from './merges/merges.module';
import { MessagesModule } from './messages/messages.module';
import { ViewsModule } from './views/views.module';
import openApiMetadata from './openapi-metadata';

/** The events this service consumes, under its own consumer group. */
export const contactsEventConsumer: EventConsumerOptions = {
  groupId: 'contacts',
  topics: [Topics.Dedupe, Topics.Messages],
  unsequencedTopics: [Topics.Messages],
  // Message outcomes of different contacts (the key) are applied side by side.
  keyConcurrency: 64,
};

/** The contacts service: the platform plus its capability modules. */
@Module({})
export class ContactsServiceModule {
  static register(settings: ContactsSettings): DynamicModule {
    return {
      module: ContactsServiceModule,
      imports: [ServicePlatformModule.forRoot('contacts', settings, openApiMetadata), ContactsModule, MergesModule, MessagesModule, ViewsModule],
    };
  }
}
