import { Module } from '@nestjs/common';
import { ActivitiesController } from '../activities/activities.controller';
import { ActivitiesRepository } from '../activities/activities.repository';
import { ActivitiesService } from '../activities/activities.service';
import { TenantsModule } from '../tenants/tenants.module';
import { ContactWriter } from './contact-writer';
import { ContactsOutbox } from './contacts-outbox';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

@Module({
  imports: [TenantsModule],
  controllers: [ContactsController, ActivitiesController],
  providers: [ContactsRepository, ContactsOutbox, ContactWriter, ContactsService, ActivitiesRepository, ActivitiesService],
  exports: [ContactsRepository, ContactWriter, ContactsService, ActivitiesRepository],
})
export class ContactsModule {}
