import { Schema } from 'mongoose';
import { LifecycleThresholds } from '../rules/domain/segment-contact';

/**
 * Per tenant: a generation number bumped by every segment change (instances reload their cached
 * definitions when it moves) and the lifecycle stage thresholds.
 */
export interface SegmentTenantRecord {
  _id: string;
  tenantId: string;
  generation: number;
  lifecycle: LifecycleThresholds;
}

export const SegmentTenantSchema = new Schema<SegmentTenantRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    generation: { type: Number, required: true },
    lifecycle: { activeWithinDays: Number, atRiskWithinDays: Number },
  },
  { versionKey: false, collection: 'segment_tenants' },
);
