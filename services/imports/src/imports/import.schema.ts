import { Schema, Types } from 'mongoose';
import { ROW_STATUSES, RowStatus, UpsertMode } from '@roster/contracts';
import { OutboxFields, addOutbox } from '@roster/messaging';
import { Delimiter, Encoding } from '../files/domain/csv-dialect';
import { MappingByHeader, StoredMapping } from '../mapping/domain/import-mapping';

export type PassKind = 'dryRun' | 'run';
export const PASS_STATES = ['idle', 'queued', 'running', 'completed', 'cancelled', 'failed'] as const;
export type PassState = (typeof PASS_STATES)[number];
export const TERMINAL_STATES: readonly PassState[] = ['completed', 'cancelled', 'failed'];

export type PassCounts = { read: number; duplicates: number } & Record<RowStatus, number>;

/** One pass over the file: the dry run or the run. Chunks before `nextChunk` are committed. */
export interface ImportPass {
  state: PassState;
  nextChunk: number;
  /** Rows per chunk, fixed when the pass starts so a resumed pass cuts the file the same way. */
  chunkRows?: number;
  counts: PassCounts;
  /** Rejected rows per reason code. */
  rejectedByReason: Record<string, number>;
  bytesRead: number;
  startedAt?: Date;
  finishedAt?: Date;
  failure?: string;
  /** Dry run only: how the new contacts weigh against the plan. */
  plan?: { contacts: number; limit: number; wouldCreate: number; refused: number; detail: string };
}

export interface ImportOptions {
  mode: UpsertMode;
  defaultCountry?: string;
  tags?: string[];
  listId?: string;
  leadSource?: string;
  consent?: { status: 'opted_in' | 'opted_out'; method: string; source: string; proof?: string };
}

export interface ImportRecord extends OutboxFields {
  _id: Types.ObjectId;
  tenantId: string;
  fileName: string;
  fileId: string;
  sizeBytes: number;
  /** Records after the header, counted at upload (absent on imports stored before it was). */
  dataRows?: number;
  chunkCount: number;
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  /** Wrapped in objects: FerretDB stores no arrays directly inside arrays. */
  sampleRows: Array<{ cells: string[] }>;
  mapping: StoredMapping | MappingByHeader;
  /** The earlier import of the same headers whose mapping this one was given at upload. */
  mappingFrom?: { importId: string; fileName: string; at: Date };
  options: ImportOptions;
  dryRun: ImportPass;
  run: ImportPass;
  cancelRequested: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const emptyCounts = (): PassCounts => ({ read: 0, duplicates: 0, ...Object.fromEntries(ROW_STATUSES.map((s) => [s, 0])) }) as PassCounts;
export const idlePass = (): ImportPass => ({ state: 'idle', nextChunk: 0, counts: emptyCounts(), rejectedByReason: {}, bytesRead: 0 });

export const ImportSchema = new Schema<ImportRecord>(
  {
    tenantId: { type: String, required: true },
    fileName: String,
    fileId: String,
    sizeBytes: Number,
    dataRows: Number,
    chunkCount: Number,
    encoding: String,
    delimiter: String,
    headers: [String],
    sampleRows: Schema.Types.Mixed,
    mapping: Schema.Types.Mixed,
    mappingFrom: Schema.Types.Mixed,
    options: Schema.Types.Mixed,
    dryRun: Schema.Types.Mixed,
    run: Schema.Types.Mixed,
    cancelRequested: { type: Boolean, default: false },
    createdBy: { type: String, default: null },
    createdAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, collection: 'imports', minimize: false },
);
ImportSchema.index({ tenantId: 1, _id: 1 });
addOutbox(ImportSchema);
