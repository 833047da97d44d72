import { Schema } from 'mongoose';

/** One member of one segment, keyed `<segment id>:<contact id>`; pages of members follow the key. */
export interface SegmentMemberRecord {
  _id: string;
  tenantId: string;
  segmentId: string;
  contactId: string;
  since: Date;
}

export const SegmentMemberSchema = new Schema<SegmentMemberRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    segmentId: { type: String, required: true },
    contactId: { type: String, required: true },
    since: { type: Date, required: true },
  },
  { versionKey: false, collection: 'segment_members' },
);
SegmentMemberSchema.index({ tenantId: 1, segmentId: 1, _id: 1 });

export const memberId = (segmentId: string, contactId: string) => `${segmentId}:${contactId}`;
