import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { EventEnvelope } from '@roster/contracts';
import { outboxOnInsert, withOutbox } from '@roster/messaging';
import { MONGO_CONNECTION, fromStoredEntries, isDuplicateKeyError, toStoredEntries } from '@roster/persistence';
import { MergeDecisionRecord, MergeDecisionSchema } from './merge-decision.schema';

/** Field choices are keyed by field names such as `custom.vip`, so they are stored as entries. */
function fromStored(stored: MergeDecisionRecord): MergeDecisionRecord {
  return { ...stored, fieldChoices: fromStoredEntries(stored.fieldChoices as never) };
}

@Injectable()
export class MergeDecisionsRepository implements OnModuleInit {
  readonly model: Model<MergeDecisionRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<MergeDecisionRecord>('MergeDecision', MergeDecisionSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
    await this.model.createIndexes();
  }

  get collection() {
    return this.model.collection;
  }

  /** Stores the decision with its event; false if it was already stored (a retried request). */
  async insert(record: MergeDecisionRecord, event: EventEnvelope): Promise<boolean> {
    try {
      await this.model.collection.insertOne({ ...record, fieldChoices: toStoredEntries(record.fieldChoices), ...outboxOnInsert([event]) } as never);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async get(tenantId: string, id: string): Promise<MergeDecisionRecord | null> {
    const stored = await this.model.findOne({ _id: id, tenantId }).lean<MergeDecisionRecord>().exec();
    return stored && fromStored(stored);
  }

  /** The tenant's latest decisions, newest first (the merge history). */
  async recent(tenantId: string, limit: number): Promise<MergeDecisionRecord[]> {
    const stored = await this.model.find({ tenantId }).sort({ decidedAt: -1 }).limit(limit).lean<MergeDecisionRecord[]>().exec();
    return stored.map(fromStored);
  }

  /** Decisions of the tenant not applied yet that involve any of these contacts. */
  async pendingInvolving(tenantId: string, contactIds: string[]): Promise<MergeDecisionRecord[]> {
    const pending = await this.model.find({ tenantId, state: 'decided' }).lean<MergeDecisionRecord[]>().exec();
    return pending.filter((d) => [d.survivorId, ...d.mergedIds].some((id) => contactIds.includes(id))).map(fromStored);
  }

  async markApplied(tenantId: string, id: string): Promise<void> {
    await this.model.updateOne({ _id: id, tenantId, state: 'decided' }, { $set: { state: 'applied', appliedAt: new Date() } }).exec();
  }

  /** An applied merge becomes undo-requested, with its event; false if it was not applied (any more). */
  async requestUndo(tenantId: string, id: string, requestedBy: string, event: EventEnvelope): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: id, tenantId, state: 'applied' } as never,
      withOutbox({ $set: { state: 'undo-requested', undoRequestedBy: requestedBy } }, [event]) as never,
    );
    return result.modifiedCount === 1;
  }

  /** A merged-away contact came back: the undo of its merge is done. */
  async markUndone(tenantId: string, restoredContactId: string): Promise<void> {
    await this.model.updateMany({ tenantId, state: 'undo-requested', mergedIds: restoredContactId }, { $set: { state: 'undone', undoneAt: new Date() } }).exec();
  }
}
