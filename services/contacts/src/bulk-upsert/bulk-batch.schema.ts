import { Schema } from 'mongoose';

export const ROW_STATUSES = ['created', 'updated', 'unchanged', 'rejected'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface RowResult {
  row: number;
  status: RowStatus;
  contactId?: string;
  reason?: string;
  field?: string;
}

export interface BulkBatch {
  tenantId: string;
  batchKey: string;
  results: RowResult[];
  createdAt: Date;
}

export const BulkBatchSchema = new Schema<BulkBatch>(
  {
    tenantId: { type: String, required: true },
    batchKey: { type: String, required: true },
    results: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'bulk_batches' },
);
BulkBatchSchema.index({ tenantId: 1, batchKey: 1 }, { unique: true });
