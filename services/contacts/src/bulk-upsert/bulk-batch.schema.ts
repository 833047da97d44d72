import { Schema } from 'mongoose';
import { RowResult } from '@roster/contracts';

export { ROW_STATUSES, RowResult } from '@roster/contracts';

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
