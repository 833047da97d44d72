import { Module } from '@nestjs/common';
import { ImportRejectionsRepository } from './import-rejections.repository';
import { ImportsOutbox } from './imports-outbox';
import { ImportsRepository } from './imports.repository';

/** The import documents (with their outbox) and their rejected rows. */
@Module({ providers: [ImportsRepository, ImportRejectionsRepository, ImportsOutbox], exports: [ImportsRepository, ImportRejectionsRepository] })
export class ImportRecordsModule {}
