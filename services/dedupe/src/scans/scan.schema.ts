import { Schema } from 'mongoose';

/** A full scan of a tenant's contacts, with its progress. */
export interface ScanRecord {
  _id: string;
  tenantId: string;
  /** `incomplete`: it scanned fewer contacts than the contacts service holds (see `coverage`). */
  state: 'running' | 'completed' | 'incomplete' | 'failed';
  /** `catching-up`: waiting for this service to take in the tenant's contacts (`read` of `expected`). */
  phase: 'catching-up' | 'reading' | 'matching' | 'writing' | 'done';
  /** Contacts read so far (taken in, while catching up), of `total` when reading began. */
  read: number;
  total: number;
  /** Live contacts the contacts service held for the tenant when the scan began (null: it did not answer). */
  expected: number | null;
  /** Contacts scanned of those expected (1 at most); null until the scan has read. */
  coverage: number | null;
  /** Contacts whose pairs are written. */
  written: number;
  /** Per blocking rule: its blocks, those over the cap (not compared), and the comparisons it brought. */
  rules?: Array<{ rule: string; blocks: number; saturatedBlocks: number; comparisons: number }>;
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
    expected: { type: Number, default: null },
    coverage: { type: Number, default: null },
    written: { type: Number, default: 0 },
    pairsFound: { type: Number, default: 0 },
    rules: { type: Schema.Types.Mixed, default: undefined },
    compared: { type: Number, default: 0 },
    failure: { type: String, default: null },
    startedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'dedupe_scans' },
);
ScanSchema.index({ tenantId: 1, state: 1 });
