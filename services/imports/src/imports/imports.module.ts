import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { RunnerModule } from '../runner/runner.module';
import { ImportRecordsModule } from './import-records.module';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

/** The HTTP life of an import: upload, mapping, dry run, run, cancel, progress, error report. */
@Module({ imports: [FilesModule, ImportRecordsModule, RunnerModule], controllers: [ImportsController], providers: [ImportsService] })
export class ImportsModule {}
