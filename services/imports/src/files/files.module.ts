import { Module } from '@nestjs/common';
import { ImportFileStore } from './import-file.store';
import { UploadReceiver } from './upload.receiver';

/** Uploaded files: received as a stream, stored in chunks, read back by any worker. */
@Module({ providers: [ImportFileStore, UploadReceiver], exports: [ImportFileStore, UploadReceiver] })
export class FilesModule {}
