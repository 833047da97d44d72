import { Schema } from 'mongoose';
import { addOutbox } from '@roster/messaging';
import { SegmentContact } from '../rules/domain/segment-contact';
import { Memberships } from './domain/membership-engine';

/**
 * This service's projection of one contact, keyed `<tenant>:<contact id>` so every lookup is by
 * primary key. It is also the aggregate behind the contact's membership events: its `memberships`,
 * the events in its outbox and `membersPending` (segment ids whose member documents still need
 * the change) are written in one atomic update.
 */
export interface ContactProjectionRecord {
  _id: string;
  tenantId: string;
  contactId: string;
  /** Sequence of the last contact event applied. */
  version: number;
  /** Null once the contact is deleted, erased or merged away. */
  contact: SegmentContact | null;
  memberships: Memberships;
  /** Optimistic concurrency: bumped by every write. */
  rev: number;
  /** Sequence of the last membership event emitted for this contact. */
  eventSequence: number;
  nextCheckAt: Date | null;
  membersPending: string[];
  membersPendingSince?: Date;
}

export const ContactProjectionSchema = new Schema<ContactProjectionRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    contactId: { type: String, required: true },
    version: { type: Number, required: true },
    contact: { type: Schema.Types.Mixed, default: null },
    memberships: { type: Schema.Types.Mixed, default: {} },
    rev: { type: Number, required: true },
    eventSequence: { type: Number, required: true },
    nextCheckAt: { type: Date, default: null },
    membersPending: { type: [String], default: [] },
    membersPendingSince: { type: Date },
  },
  { versionKey: false, minimize: false, collection: 'segment_contacts' },
);
addOutbox(ContactProjectionSchema);
// System indexes (not tenant-first): the time sweeper and the member sync serve every tenant.
ContactProjectionSchema.index({ nextCheckAt: 1 });
ContactProjectionSchema.index({ membersPendingSince: 1 });

export const projectionId = (tenantId: string, contactId: string) => `${tenantId}:${contactId}`;
