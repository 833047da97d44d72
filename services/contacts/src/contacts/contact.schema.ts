import { Schema, Types } from 'mongoose';
import { CONSENT_STATES, CONTACT_STATUSES } from '@roster/contracts';
import { addOutbox } from '@roster/messaging';
import { Tag } from './domain/tags';
import { CustomFieldValue } from './domain/custom-fields';

export type ConsentStatus = (typeof CONSENT_STATES)[number];
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export interface ConsentRecord {
  channel: 'whatsapp';
  status: ConsentStatus;
  at: Date;
  method: string;
  source: string;
  proof: string | null;
  recordedBy: string | null;
}

export interface Traits {
  totalSpent: number;
  purchaseCount: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  lastActivityAt: Date | null;
  lastMessageReadAt: Date | null;
}

/** A contact as stored. `version` is the sequence of its latest event. */
export interface ContactRecord {
  _id: Types.ObjectId;
  tenantId: string;
  phone: string;
  phoneType: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  company: string | null;
  language: string | null;
  leadSource: string | null;
  tags: Tag[];
  lists: string[];
  status: ContactStatus;
  location: { country: string | null; city: string | null };
  birthDate: string | null;
  customFields: Record<string, CustomFieldValue>;
  consent: { whatsapp: { status: ConsentStatus; updatedAt: Date | null }; history: ConsentRecord[] };
  notes: string | null;
  traits: Traits;
  searchTerms: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt?: Date;
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
    searchTerms: { type: [String], default: [], select: false },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    deletedAt: { type: Date },
    createdByBatch: { type: String, select: false },
    updatedByBatch: { type: String, select: false },
  },
  { versionKey: false, minimize: false, collection: 'contacts' },
);
addOutbox(ContactSchema);
ContactSchema.index({ tenantId: 1, phone: 1 }, { unique: true });
ContactSchema.index({ tenantId: 1, searchTerms: 1 });
ContactSchema.index({ tenantId: 1, 'tags.key': 1 });
ContactSchema.index({ tenantId: 1, lists: 1 });
ContactSchema.index({ tenantId: 1, status: 1 });
ContactSchema.index({ tenantId: 1, updatedAt: 1 });
// System index (not tenant-first) for the tombstone purger, which serves every tenant.
ContactSchema.index({ deletedAt: 1 });
