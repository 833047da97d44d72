import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { Types } from 'mongoose';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ProblemException, SETTINGS } from '@roster/http';
import { ImportsSettings } from '../imports.settings';
import { SniffResult, sniffFile } from './domain/file-sniffer';
import { RecordCounter } from './domain/record-counter';
import { ImportFileStore, StoredFile } from './import-file.store';

const HEAD_BYTES = 64 * 1024;
const SNIFF_BYTES = 8 * 1024;

export interface ReceivedFile extends StoredFile {
  fileName: string;
  /** The first 64 KiB, to detect the dialect and preview the file. */
  head: Buffer;
  sniff: Extract<SniffResult, { ok: true }>;
  /** Records after the header, counted as the file came in: the measure of a pass's progress. */
  dataRows: number;
}

/** Our side failed to keep the file: not the client's fault, worth a retry. */
class StorageFailure extends Error {}

/**
 * Streams a multipart upload (field `file`) into the file store without holding it in memory.
 * Whatever goes wrong (not a CSV, too large, the upload breaking off), the stored part is deleted
 * and a problem says what happened.
 */
@Injectable()
export class UploadReceiver {
  constructor(
    private readonly files: ImportFileStore,
    @Inject(SETTINGS) private readonly settings: ImportsSettings,
  ) {}

  async receive(tenantId: string, request: Request): Promise<ReceivedFile> {
    if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
      throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'multipart-required', 'upload the CSV as multipart/form-data in a field named "file"');
    }
    const fileId = new Types.ObjectId().toHexString();
    const limit = this.settings.IMPORT_MAX_FILE_BYTES;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: limit, fields: 0, parts: 1 } });
    } catch (error) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'malformed-upload', `the upload is not valid multipart: ${(error as Error).message}`);
    }

    let received: Promise<ReceivedFile> | undefined;
    let problem: ProblemException | undefined;
    const refuse = (p: ProblemException) => (problem ??= p);
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        refuse(new ProblemException(HttpStatus.BAD_REQUEST, 'malformed-upload', `the file must come in a field named "file", not "${field}"`));
        return stream.resume();
      }
      stream.on('limit', () => refuse(new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'file-too-large', `the file is larger than the limit of ${limit.toLocaleString('en')} bytes`)));
      received = this.store(tenantId, fileId, info.filename || 'upload.csv', stream, refuse);
      received.catch(() => undefined);
    });
    parser.on('filesLimit', () => refuse(new ProblemException(HttpStatus.BAD_REQUEST, 'malformed-upload', 'upload one file at a time')));

    try {
      await pipeline(request, parser);
      if (!received) throw new ProblemException(HttpStatus.BAD_REQUEST, 'file-missing', 'the upload holds no file: send it in a field named "file"');
      const file = await received;
      if (problem) throw problem;
      return file;
    } catch (error) {
      await received?.catch(() => undefined); // let the last chunk land before deleting
      await this.files.delete(tenantId, fileId).catch(() => undefined); // with the store down too, the answer still says what happened
      if (problem) throw problem;
      if (error instanceof ProblemException) throw error;
      const storing = await received?.then(() => undefined, (failure: unknown) => failure);
      if (storing instanceof StorageFailure) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'upload-not-stored', `the file could not be stored (${storing.message}); nothing was kept, retry the upload`);
      }
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'upload-incomplete', `the upload broke off before the end (${(error as Error).message}); nothing was stored, upload the file again`);
    }
  }

  private async store(tenantId: string, fileId: string, fileName: string, stream: NodeJS.ReadableStream, refuse: (p: ProblemException) => void): Promise<ReceivedFile> {
    const sink = this.files.writer(tenantId, fileId);
    const heads: Buffer[] = [];
    let headBytes = 0;
    let sniff: SniffResult | undefined;
    const records = new RecordCounter();
    const check = () => {
      sniff = sniffFile(Buffer.concat(heads));
      if (!sniff.ok) refuse(new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, sniff.problem, sniff.reason));
    };
    // Once the upload is refused, the rest is read and dropped, so the client still gets the answer.
    let refused = false;
    const tap = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (headBytes < HEAD_BYTES) {
          heads.push(chunk);
          headBytes += chunk.length;
        }
        if (!sniff && headBytes >= SNIFF_BYTES) check();
        refused ||= sniff !== undefined && !sniff.ok;
        if (refused) return done();
        records.add(chunk);
        if (!sink.write(chunk)) sink.once('drain', () => done());
        else done();
      },
      final(done) {
        if (!sniff) check();
        sink.end();
        sink.once('finish', () => done());
        sink.once('error', done);
      },
    });
    sink.on('error', (error) => tap.destroy(new StorageFailure(error.message)));
    await pipeline(stream, tap);
    if (!sniff || !sniff.ok) throw new Error('refused');
    return { ...sink.stored(), fileName, head: Buffer.concat(heads).subarray(0, HEAD_BYTES), sniff, dataRows: records.dataRows };
  }
}
