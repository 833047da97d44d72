import { Readable, Writable } from 'node:stream';
import type { Request } from 'express';
import { ProblemException } from '@roster/http';
import { ImportFileStore } from './import-file.store';
import { UploadReceiver } from './upload.receiver';
import { ImportsSettings } from '../imports.settings';

const BOUNDARY = 'roster-boundary';

function multipart(csv: string, options: { cutShort?: boolean } = {}): Request {
  const body = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${BOUNDARY}--\r\n`,
  );
  const stream = new Readable({ read() {} });
  stream.push(options.cutShort ? body.subarray(0, body.length - 20) : body);
  if (options.cutShort) setImmediate(() => stream.destroy(new Error('aborted')));
  else stream.push(null);
  return Object.assign(stream, { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } }) as unknown as Request;
}

/** A file store whose writes fail as a dropped database connection makes them fail. */
function storeFailingWith(failure: Error | undefined): { store: ImportFileStore; deleted: string[] } {
  const deleted: string[] = [];
  const store = {
    writer: (_tenant: string, fileId: string) =>
      Object.assign(
        new Writable({
          write: (_chunk, _encoding, done) => done(failure),
          final: (done) => done(),
        }),
        { stored: () => ({ fileId, sizeBytes: 0, chunkCount: 0 }) },
      ),
    delete: async (_tenant: string, fileId: string) => void deleted.push(fileId),
  } as unknown as ImportFileStore;
  return { store, deleted };
}

const settings = { IMPORT_MAX_FILE_BYTES: 1024 * 1024 } as ImportsSettings;
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: ProblemException) => ({ status: error.getStatus(), slug: error.slug }));

describe('UploadReceiver', () => {
  it('answers 503 when the store fails to keep a file the client sent whole, and deletes what was stored', async () => {
    const { store, deleted } = storeFailingWith(new Error('connection 4 to 127.0.0.1:27017 closed'));
    expect(await refusal(new UploadReceiver(store, settings).receive('acme', multipart('phone,name\n+4915123450001,Ann\n')))).toEqual({ status: 503, slug: 'upload-not-stored' });
    expect(deleted).toHaveLength(1);
  });

  it('answers 400 when the client breaks the upload off', async () => {
    const { store, deleted } = storeFailingWith(undefined);
    expect(await refusal(new UploadReceiver(store, settings).receive('acme', multipart('phone,name\n+4915123450001,Ann\n', { cutShort: true })))).toEqual({ status: 400, slug: 'upload-incomplete' });
    expect(deleted).toHaveLength(1);
  });
});
