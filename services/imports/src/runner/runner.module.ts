import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { ImportRecordsModule } from '../imports/import-records.module';
import { ContactsClient } from './contacts.client';
import { InFileDuplicates } from './in-file-duplicates';
import { ImportQueue } from './import.queue';
import { EventBacklogGate } from './event-backlog-gate';
import { ImportRunner } from './import-runner';
import { ImportWorker } from './import.worker';

/** The queue of import passes and the workers that run them through the contacts service. */
@Module({
  imports: [FilesModule, ImportRecordsModule],
  providers: [ContactsClient, InFileDuplicates, ImportQueue, ImportRunner, ImportWorker, EventBacklogGate],
  exports: [ContactsClient, ImportQueue],
})
export class RunnerModule {}
