import { Schema, Types } from 'mongoose';
import { RuleNode } from '../rules/domain/rule';

/**
 * backfilling: members are being computed for the current version (contact events already use it);
 * ready: membership is complete; retiring: deleted, its members are being let go.
 */
export const SEGMENT_STATES = ['backfilling', 'ready', 'retiring'] as const;
export type SegmentState = (typeof SEGMENT_STATES)[number];

export interface BackfillProgress {
  version: number;
  processed: number;
  total: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  leaseToken?: string;
  leaseUntil?: Date;
}

export interface SegmentRecord {
  _id: Types.ObjectId;
  tenantId: string;
  name: string;
  description: string | null;
  listId: string | null;
  rule: RuleNode;
  version: number;
  state: SegmentState;
  backfill: BackfillProgress;
  createdAt: Date;
  updatedAt: Date;
}

export const SegmentSchema = new Schema<SegmentRecord>(
  {
    tenantId: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: null },
    listId: { type: String, default: null },
    rule: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    state: { type: String, enum: SEGMENT_STATES, required: true },
    backfill: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: 'segments' },
);
SegmentSchema.index({ tenantId: 1, name: 1 }, { unique: true });
// System index for the backfill runner, which serves every tenant.
SegmentSchema.index({ state: 1 });
