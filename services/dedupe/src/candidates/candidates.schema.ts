import { Schema } from 'mongoose';
import { ContactSnapshot } from '@roster/contracts';
import { FeatureScore } from '../matching/domain/evidence-score';

/**
 * This service's projection of a contact, keyed `<tenant>:<contact id>`: what matching reads, the
 * blocks it sits in, and the partners it has candidate pairs with (so they are found by key).
 */
export interface DedupeContactRecord {
  _id: string;
  tenantId: string;
  contactId: string;
  version: number;
  /** The contact as its last event carried it; null once deleted, erased or merged away. */
  contact: ContactSnapshot | null;
  keys: string[];
  partners: string[];
}

export const DedupeContactSchema = new Schema<DedupeContactRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    contactId: { type: String, required: true },
    version: { type: Number, required: true },
    contact: { type: Schema.Types.Mixed, default: null },
    keys: { type: [String], default: [] },
    partners: { type: [String], default: [] },
  },
  { versionKey: false, minimize: false, collection: 'dedupe_contacts' },
);
// Whole-tenant reads (scans, counts) go through this, never past other tenants' contacts.
DedupeContactSchema.index({ tenantId: 1, _id: 1 });

/** The contacts sharing one blocking key, keyed `<tenant>|<key>`. */
export interface BlockRecord {
  _id: string;
  tenantId: string;
  members: string[];
  /** Too many members to compare pairwise (a very common name): the block is not used. */
  saturated: boolean;
}

export const BlockSchema = new Schema<BlockRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    members: { type: [String], default: [] },
    saturated: { type: Boolean, default: false },
  },
  { versionKey: false, collection: 'dedupe_blocks' },
);

export const PAIR_STATUSES = ['open', 'dismissed'] as const;

/** A candidate pair, keyed `<tenant>|<lower id>|<higher id>`. */
export interface PairRecord {
  _id: string;
  tenantId: string;
  a: string;
  b: string;
  score: number;
  features: FeatureScore[];
  status: (typeof PAIR_STATUSES)[number];
  /** The matching fields of both contacts when dismissed: the pair returns only if they change. */
  dismissedFingerprint: string | null;
  updatedAt: Date;
}

export const PairSchema = new Schema<PairRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    a: { type: String, required: true },
    b: { type: String, required: true },
    score: { type: Number, required: true },
    features: { type: Schema.Types.Mixed, default: [] },
    status: { type: String, enum: PAIR_STATUSES, required: true },
    dismissedFingerprint: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: 'dedupe_pairs' },
);
PairSchema.index({ tenantId: 1, status: 1, score: -1 });

export const dedupeContactId = (tenantId: string, contactId: string) => `${tenantId}:${contactId}`;
export const blockId = (tenantId: string, key: string) => `${tenantId}|${key}`;
export const pairId = (tenantId: string, x: string, y: string) => (x < y ? `${tenantId}|${x}|${y}` : `${tenantId}|${y}|${x}`);
