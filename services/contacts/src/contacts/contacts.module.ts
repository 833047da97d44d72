import { Module } from '@nestjs/common';
import { ActivitiesController } from '../activities/activities.controller';
import { ActivitiesRepository } from '../activities/activities.repository';
import { ActivitiesService } from '../activities/activities.service';
import { BulkController } from '../bulk/bulk.controller';
import { BulkBatchesRepository } from '../bulk-upsert/bulk-batches.repository';
import { BulkUpsertController } from '../bulk-upsert/bulk-upsert.controller';
import { BulkUpsertService } from '../bulk-upsert/bulk-upsert.service';
import { BulkService } from '../bulk/bulk.service';
import { ListsController } from '../lists/lists.controller';
import { ListsRepository } from '../lists/lists.repository';
import { ListsService } from '../lists/lists.service';
import { TagsController } from '../tags/tags.controller';
import { TagCatalogue } from '../tags/tag-catalogue';
import { ExportController } from './export.controller';
import { TenantsModule } from '../tenants/tenants.module';
import { ContactErasure } from './contact-erasure';
import { ContactWriter } from './contact-writer';
import { ContactsOutbox } from './contacts-outbox';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

@Module({
  imports: [TenantsModule],
  // Fixed paths (export, bulk) before ContactsController's /:id.
  controllers: [ExportController, BulkController, BulkUpsertController, ContactsController, ActivitiesController, ListsController, TagsController],
  providers: [
    ContactsRepository, ContactsOutbox, ContactWriter, ContactsService, ActivitiesRepository, ActivitiesService,
    BulkService, ListsRepository, ListsService, BulkBatchesRepository, BulkUpsertService, ContactErasure, TagCatalogue,
  ],
  exports: [ContactsRepository, ContactWriter, ContactsService, ActivitiesRepository, ContactErasure],
})
export class ContactsModule {}
