import { Schema, Types } from 'mongoose';
import { CONSENT_STATES, CONTACT_STATUSES, Engagement } from '@roster/contracts';
import { addOutbox } from '@roster/messaging';
import { ContactFields } from './domain/contact-input';
import { ComputedTraits } from './domain/traits';

export type ConsentStatus = (typeof CONSENT_STATES)[number];

export interface ConsentRecord {
  channel: 'whatsapp';
  status: ConsentStatus;
  at: Date;
  method: string;
  source: string;
  proof: string | null;
  recordedBy: string | null;
}

export type Traits = ComputedTraits;

/** A contact as stored: its fields plus identity, lists, consent, traits and versioning. */
export interface ContactRecord extends ContactFields {
  _id: Types.ObjectId;
  tenantId: string;
  lists: string[];
  consent: { whatsapp: { status: ConsentStatus; updatedAt: Date | null }; history: ConsentRecord[] };
  traits: Traits;
  /** Message engagement (absent until the first message outcome). */
  engagement?: Engagement;
  /** The status a number had before the invalid-number rule marked it; restored when it works again. */
  statusBeforeInvalid?: ContactRecord['status'];
  searchTerms: string[];
  /** The sequence of the contact's latest event. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt?: Date;
  /** On a contact merged away: into which contact, by which decision, and what it gave up to do so. */
  mergedInto?: { survivorId: string; decisionId: string; at: Date; phone: string; lists: string[] };
  /** On a survivor: each merge applied to it (a redelivered decision changes nothing) and its state before, to undo it. */
  mergeHistory?: Array<{ decisionId: string; mergedIds: string[]; at: Date; before: Partial<ContactRecord> }>;
  createdByBatch?: string;
  updatedByBatch?: string;
}

export const emptyTraits = (): Traits => ({
  totalSpent: 0,
  purchaseCount: 0,
  firstPurchaseAt: null,
  lastPurchaseAt: null,
  lastActivityAt: null,
  lastMessageReadAt: null,
});

const nullableString = { type: String, default: null };

export const ContactSchema = new Schema<ContactRecord>(
  {
    tenantId: { type: String, required: true },
    phone: { type: String, required: true },
    phoneType: nullableString,
    firstName: nullableString,
    lastName: nullableString,
    email: nullableString,
    company: nullableString,
    language: nullableString,
    leadSource: nullableString,
    tags: { type: [new Schema({ key: String, label: String }, { _id: false })], default: [] },
    lists: { type: [String], default: [] },
    status: { type: String, enum: CONTACT_STATUSES, default: 'active' },
    location: { country: nullableString, city: nullableString },
    birthDate: nullableString,
    customFields: { type: Schema.Types.Mixed, default: {} },
    consent: {
      whatsapp: { status: { type: String, enum: CONSENT_STATES, default: 'unknown' }, updatedAt: { type: Date, default: null } },
      history: { type: [Schema.Types.Mixed], default: [] },
    },
    notes: nullableString,
    traits: {
      totalSpent: { type: Number, default: 0 },
      purchaseCount: { type: Number, default: 0 },
      firstPurchaseAt: { type: Date, default: null },
      lastPurchaseAt: { type: Date, default: null },
      lastActivityAt: { type: Date, default: null },
      lastMessageReadAt: { type: Date, default: null },
    },
    engagement: { type: Schema.Types.Mixed, default: undefined },
    statusBeforeInvalid: { type: String, default: undefined },
    searchTerms: { type: [String], default: [], select: false },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    deletedAt: { type: Date },
    mergedInto: { type: Schema.Types.Mixed },
    mergeHistory: { type: [Schema.Types.Mixed], default: undefined },
    createdByBatch: { type: String, select: false },
    updatedByBatch: { type: String, select: false },
  },
  { versionKey: false, minimize: false, collection: 'contacts' },
);
addOutbox(ContactSchema);
ContactSchema.index({ tenantId: 1, phone: 1 }, { unique: true });
// The trailing _id keeps each term's, tag's and list's contacts in id order, which is the default
// sort: a page of a search walks the index and stops, instead of sorting every match.
ContactSchema.index({ tenantId: 1, searchTerms: 1, _id: 1 });
ContactSchema.index({ tenantId: 1, 'tags.key': 1, _id: 1 });
ContactSchema.index({ tenantId: 1, lists: 1, _id: 1 });
// The grid's first screen (a tenant's newest contacts, no filter) and its pages.
ContactSchema.index({ tenantId: 1, _id: 1 });
/** Indexes the ones above replaced. */
export const RETIRED_CONTACT_INDEXES = ['tenantId_1_searchTerms_1', 'tenantId_1_tags.key_1', 'tenantId_1_lists_1'];
ContactSchema.index({ tenantId: 1, status: 1 });
ContactSchema.index({ tenantId: 1, updatedAt: 1 });
// System index (not tenant-first) for the tombstone purger, which serves every tenant.
ContactSchema.index({ deletedAt: 1 });
