import { Schema } from 'mongoose';

/** A full scan of a tenant's contacts, with its progress. */
export interface ScanRecord {
  _id: string;
  tenantId: string;
  state: 'running' | 'completed' | 'failed';
  phase: 'reading' | 'matching' | 'writing' | 'done';
  /** Contacts read so far, of `total` when reading began. */
  read: number;
  total: number;
  /** Contacts whose pairs are written. */
  written: number;
  pairsFound: number;
  compared: number;
  failure: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export const ScanSchema = new Schema<ScanRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    state: { type: String, required: true },
    phase: { type: String, required: true },
    read: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
    written: { type: Number, default: 0 },
    pairsFound: { type: Number, default: 0 },
    compared: { type: Number, default: 0 },
    failure: { type: String, default: null },
    startedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'dedupe_scans' },
);
ScanSchema.index({ tenantId: 1, state: 1 });
