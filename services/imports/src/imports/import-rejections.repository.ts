import { Inject, Injectable } from '@nestjs/common';
import { Collection } from 'mongodb';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@roster/persistence';
import { PassKind } from './import.schema';

export interface RejectedRow {
  /** The record's number in the file, the header being 1. */
  row: number;
  cells: string[];
  column: string;
  reason: string;
}

interface RejectionChunk {
  _id: string;
  tenantId: string;
  importId: string;
  pass: PassKind;
  chunk: number;
  rows: RejectedRow[];
}

/** Cells longer than this are cut in the error report, saying so. */
const MAX_REPORTED_CELL = 1000;

/** The rejected rows of each chunk of a pass, stored once per chunk and read back by primary key. */
@Injectable()
export class ImportRejectionsRepository {
  private readonly chunks: Collection<RejectionChunk>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.chunks = connection.collection<RejectionChunk>('import_rejections') as unknown as Collection<RejectionChunk>;
  }

  private key(importId: string, pass: PassKind, chunk: number): string {
    return `${importId}:${pass}:${chunk}`;
  }

  async record(tenantId: string, importId: string, pass: PassKind, chunk: number, rows: RejectedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const trimmed = rows.map((r) => ({ ...r, cells: r.cells.map((c) => (c.length > MAX_REPORTED_CELL ? `${c.slice(0, MAX_REPORTED_CELL)}… [cut: ${c.length} characters]` : c)) }));
    // A chunk retried after a crash records the same rows again: the first record stands.
    await this.chunks.updateOne({ _id: this.key(importId, pass, chunk) }, { $setOnInsert: { tenantId, importId, pass, chunk, rows: trimmed } }, { upsert: true });
  }

  async *rows(tenantId: string, importId: string, pass: PassKind, chunks: number): AsyncGenerator<RejectedRow> {
    for (let chunk = 0; chunk < chunks; chunk++) {
      const found = await this.chunks.findOne({ _id: this.key(importId, pass, chunk) });
      if (found && found.tenantId === tenantId) yield* found.rows;
    }
  }

  async deleteAll(tenantId: string, importId: string, pass: PassKind): Promise<void> {
    await this.chunks.deleteMany({ tenantId, importId, pass });
  }
}
