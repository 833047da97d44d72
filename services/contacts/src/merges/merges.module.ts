import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ContactMerger } from './contact-merger';
import { MergeDecisionsConsumer } from './merge-decisions.consumer';

/** Merging contacts as the dedupe service decides. */
@Module({
  imports: [ContactsModule, TenantsModule],
  controllers: [MergeDecisionsConsumer],
  providers: [ContactMerger],
})
export class MergesModule {}
