import { DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@roster/http';

import { ContactsSettings } from './contacts.settings';

/** The contacts service: the platform plus its capability modules. */
@Module({})
export class ContactsServiceModule {
  static register(settings: ContactsSettings): DynamicModule {
    return {
      module: ContactsServiceModule,
      imports: [ServicePlatformModule.forRoot('contacts', settings)],
    };
  }
}
