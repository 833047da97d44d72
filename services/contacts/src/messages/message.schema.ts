import { Schema } from 'mongoose';

/**
 * One message between the tenant and a contact, outbound (its statuses) or inbound (its text).
 * Keyed `<tenant>|<message id>`: every outcome finds its message by primary key.
 */
export interface MessageRecord {
  _id: string;
  tenantId: string;
  messageId: string;
  contactId: string;
  direction: 'outbound' | 'inbound';
  campaignId: string | null;
  conversationId: string | null;
  /** Outbound: the rank of the highest status reported (STATUS_RANK); the contact's engagement has taken in up to `foldedRank`. */
  rank: number;
  foldedRank: number;
  /** The earliest time reported for the message: when it was sent or received. */
  at: Date;
  sentAt?: Date;
  deliveredAt?: Date;
  readAt?: Date;
  failedAt?: Date;
  failure?: { code: number; title: string };
  /** Outbound: when the contact first answered it. */
  repliedAt?: Date;
  /** Inbound: its text (until textExpiresAt) and the message it answers; folded once the contact took it in. */
  text?: string;
  textExpiresAt?: Date;
  replyTo?: string | null;
  folded?: boolean;
  createdAt: Date;
}

export const messageKey = (tenantId: string, messageId: string) => `${tenantId}|${messageId}`;

export const MessageSchema = new Schema<MessageRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    messageId: { type: String, required: true },
    contactId: { type: String, required: true },
    direction: { type: String, enum: ['outbound', 'inbound'], required: true },
    campaignId: { type: String, default: null },
    conversationId: { type: String, default: null },
    rank: { type: Number, default: 0 },
    foldedRank: { type: Number, default: 0 },
    at: { type: Date, required: true },
    sentAt: Date,
    deliveredAt: Date,
    readAt: Date,
    failedAt: Date,
    failure: { type: Schema.Types.Mixed },
    repliedAt: Date,
    text: String,
    textExpiresAt: Date,
    replyTo: { type: String, default: undefined },
    folded: Boolean,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'messages' },
);
MessageSchema.index({ tenantId: 1, contactId: 1, at: -1, _id: -1 });
// System index (not tenant-first) for the retention sweep, which serves every tenant.
MessageSchema.index({ textExpiresAt: 1 });
