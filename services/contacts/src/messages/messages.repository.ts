import { Inject, Injectable } from '@nestjs/common';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository, isDuplicateKeyError } from '@roster/persistence';
import { OutboundStatus, STATUS_RANK } from './domain/engagement';
import { MessageRecord, MessageSchema, messageKey } from './message.schema';

const STATUS_TIME = { sent: 'sentAt', delivered: 'deliveredAt', read: 'readAt', failed: 'failedAt' } as const;

export interface OutboundOutcome {
  tenantId: string;
  messageId: string;
  contactId: string;
  campaignId: string | null;
  conversationId: string | null;
  status: OutboundStatus;
  at: Date;
  failure?: { code: number; title: string };
}

@Injectable()
export class MessagesRepository extends TenantScopedRepository<MessageRecord> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<MessageRecord>('Message', MessageSchema));
  }

  /**
   * Applies an outbound status in one atomic upsert and returns the message before it (null: first
   * seen). Each time keeps the earliest report and the status the highest rank, so replays and
   * statuses out of order end in the same state.
   */
  async applyOutbound(outcome: OutboundOutcome): Promise<MessageRecord | null> {
    const update: Record<string, unknown> = {
      $setOnInsert: {
        tenantId: outcome.tenantId, messageId: outcome.messageId, contactId: outcome.contactId, direction: 'outbound',
        campaignId: outcome.campaignId, conversationId: outcome.conversationId, createdAt: new Date(),
      },
      $min: { at: outcome.at, [STATUS_TIME[outcome.status]]: outcome.at },
      $max: { rank: STATUS_RANK[outcome.status] },
    };
    if (outcome.failure) update.$set = { failure: outcome.failure };
    return this.model.collection.findOneAndUpdate({ _id: messageKey(outcome.tenantId, outcome.messageId) } as never, update, { upsert: true, returnDocument: 'before' }) as Promise<MessageRecord | null>;
  }

  /** Stores an inbound message; false when the contact has taken it in before (a replay). */
  async addInbound(record: MessageRecord): Promise<boolean> {
    try {
      await this.model.collection.insertOne(record as never);
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return !(await this.get(record.tenantId, record.messageId))?.folded;
    }
  }

  /** Marks an outbound message of the tenant as answered (the earliest answer stays). */
  async markReplied(tenantId: string, messageId: string, at: Date): Promise<void> {
    await this.model.collection.updateOne({ _id: messageKey(tenantId, messageId), tenantId, direction: 'outbound' } as never, { $min: { repliedAt: at } });
  }

  /** Records that the contact's engagement has taken in the message up to `rank` (inbound: at all). */
  async markFolded(tenantId: string, messageId: string, rank: number | true): Promise<void> {
    await this.model.collection.updateOne({ _id: messageKey(tenantId, messageId) } as never, rank === true ? { $set: { folded: true } } : { $max: { foldedRank: rank } });
  }

  async get(tenantId: string, messageId: string): Promise<MessageRecord | null> {
    return this.model.collection.findOne({ _id: messageKey(tenantId, messageId), tenantId } as never) as Promise<MessageRecord | null>;
  }

  /** A contact's messages, newest first, from before `before` (a page of its history). */
  async ofContact(tenantId: string, contactId: string, limit: number, before?: { at: Date; id: string }): Promise<MessageRecord[]> {
    const filter = before ? { contactId, $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.id } }] } : { contactId };
    return this.model.find(this.scope(tenantId, filter as never)).sort({ at: -1, _id: -1 }).limit(limit).lean<MessageRecord[]>().exec();
  }

  /** Every outbound message of a contact (for its campaign history), at most `limit`. */
  async outboundOfContact(tenantId: string, contactId: string, limit: number): Promise<MessageRecord[]> {
    return this.model.find(this.scope(tenantId, { contactId, direction: 'outbound' })).sort({ at: -1 }).limit(limit).lean<MessageRecord[]>().exec();
  }

  async eraseForContact(tenantId: string, contactId: string): Promise<void> {
    await this.model.deleteMany(this.scope(tenantId, { contactId })).exec();
  }

  /** Removes the text of messages past their tenant's retention (every tenant: a system sweep). */
  async removeExpiredText(now: Date): Promise<number> {
    const result = await this.model.collection.updateMany({ textExpiresAt: { $lte: now } }, { $unset: { text: '', textExpiresAt: '' } });
    return result.modifiedCount;
  }
}

export const statusOf = (record: Pick<MessageRecord, 'rank'>): OutboundStatus | null =>
  (Object.entries(STATUS_RANK).find(([, rank]) => rank === record.rank)?.[0] as OutboundStatus | undefined) ?? null;
