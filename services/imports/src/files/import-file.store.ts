import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Binary, Collection } from 'mongodb';
import { Connection } from 'mongoose';
import { Readable, Writable } from 'node:stream';
import { MONGO_CONNECTION } from '@roster/persistence';

const CHUNK_BYTES = 1024 * 1024;

interface FileChunk {
  _id: string;
  tenantId: string;
  fileId: string;
  n: number;
  data: Binary;
}

export interface StoredFile {
  fileId: string;
  sizeBytes: number;
  chunkCount: number;
}

/**
 * Uploaded files in MongoDB, in 1 MiB chunks any worker on any machine can read. Each chunk is
 * fetched by its primary key (`<file>:<n>`), the one lookup every MongoDB-compatible server serves
 * from an index, so reading a file costs the same whatever else is stored.
 */
@Injectable()
export class ImportFileStore implements OnModuleInit {
  private readonly chunks: Collection<FileChunk>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.chunks = connection.collection<FileChunk>('import_file_chunks') as unknown as Collection<FileChunk>;
  }

  async onModuleInit(): Promise<void> {
    await this.chunks.createIndex({ tenantId: 1, fileId: 1 });
  }

  /** A sink that stores what is written to it; `stored()` tells the result once it has finished. */
  writer(tenantId: string, fileId: string): Writable & { stored(): StoredFile } {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let n = 0;
    let sizeBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await this.chunks.insertOne({ _id: `${fileId}:${n}`, tenantId, fileId, n, data: new Binary(data) });
      n++;
    };
    const sink = new Writable({
      highWaterMark: CHUNK_BYTES,
      write: (chunk: Buffer, _encoding, done) => {
        pending.push(chunk);
        pendingBytes += chunk.length;
        sizeBytes += chunk.length;
        if (pendingBytes < CHUNK_BYTES) return done();
        flush().then(() => done(), done);
      },
      final: (done) => void flush().then(() => done(), done),
    });
    return Object.assign(sink, { stored: (): StoredFile => ({ fileId, sizeBytes, chunkCount: n }) });
  }

  /** The file's bytes, chunk after chunk, fetching the next while the current one is consumed. */
  reader(file: StoredFile, onBytes: (bytes: number) => void = () => undefined): Readable {
    const fetch = (n: number) =>
      n < file.chunkCount
        ? this.chunks.findOne({ _id: `${file.fileId}:${n}` }).then((chunk) => {
            if (!chunk) throw new Error(`chunk ${n} of file ${file.fileId} is missing`);
            return Buffer.from(chunk.data.buffer);
          })
        : Promise.resolve(null);
    async function* chunks() {
      let next = fetch(0);
      for (let n = 0; n < file.chunkCount; n++) {
        const data = await next;
        next = fetch(n + 1);
        next.catch(() => undefined); // surfaced when awaited
        onBytes(data!.length);
        yield data!;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async delete(tenantId: string, fileId: string): Promise<void> {
    await this.chunks.deleteMany({ tenantId, fileId });
  }

  async count(tenantId: string): Promise<number> {
    return this.chunks.countDocuments({ tenantId });
  }
}
