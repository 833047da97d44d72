import { Schema } from 'mongoose';
import { addOutbox } from '@roster/messaging';

/** A decision to merge contacts, kept as the record of who merged what, and carrying its event out. */
export interface MergeDecisionRecord {
  /** Derived from the group and its versions: a retried request finds the same decision. */
  _id: string;
  tenantId: string;
  survivorId: string;
  mergedIds: string[];
  /** The version of each contact the decision was made on. */
  versions: Record<string, number>;
  fieldChoices: Record<string, string>;
  decidedBy: string;
  state: 'decided' | 'applied' | 'undo-requested' | 'undone';
  decidedAt: Date;
  appliedAt: Date | null;
  undoRequestedBy?: string;
  undoneAt?: Date;
}

export const MergeDecisionSchema = new Schema<MergeDecisionRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    survivorId: { type: String, required: true },
    mergedIds: { type: [String], required: true },
    versions: { type: Schema.Types.Mixed, required: true },
    fieldChoices: { type: Schema.Types.Mixed, default: {} },
    decidedBy: { type: String, required: true },
    state: { type: String, enum: ['decided', 'applied', 'undo-requested', 'undone'], required: true },
    decidedAt: { type: Date, required: true },
    appliedAt: { type: Date, default: null },
    undoRequestedBy: { type: String },
    undoneAt: { type: Date },
  },
  { versionKey: false, minimize: false, collection: 'dedupe_merge_decisions' },
);
addOutbox(MergeDecisionSchema);
MergeDecisionSchema.index({ tenantId: 1, state: 1 });

