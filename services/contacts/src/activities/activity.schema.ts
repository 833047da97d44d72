import { Schema, Types } from 'mongoose';
import { ACTIVITY_KINDS, ActivityKind } from '../contacts/domain/traits';

export interface ActivityRecord {
  _id: Types.ObjectId;
  tenantId: string;
  contactId: string;
  kind: ActivityKind;
  occurredAt: Date;
  amount?: number;
  currency?: string;
  name?: string;
  campaignId?: string;
  messageId?: string;
  properties?: Record<string, unknown>;
  createdAt: Date;
}

export const ActivitySchema = new Schema<ActivityRecord>(
  {
    tenantId: { type: String, required: true },
    contactId: { type: String, required: true },
    kind: { type: String, enum: ACTIVITY_KINDS, required: true },
    occurredAt: { type: Date, required: true },
    amount: Number,
    currency: String,
    name: String,
    campaignId: String,
    messageId: String,
    properties: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'activities' },
);
ActivitySchema.index({ tenantId: 1, contactId: 1, occurredAt: -1, _id: -1 });
