import { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from '@roster/persistence';

interface AppliedSequence {
  _id: string;
  tenantId: string;
  sequence: number;
  updatedAt: Date;
}

/**
 * Remembers, per consumer group and aggregate, the highest event sequence applied,
 * so a redelivered or replayed event is recognised and skipped.
 */
export class AppliedSequenceStore {
  private readonly collection: Collection<AppliedSequence>;

  constructor(connection: Connection, private readonly consumerGroup: string) {
    this.collection = connection.collection<AppliedSequence>('applied_event_sequences');
  }

  private key(tenantId: string, aggregateId: string): string {
    return `${this.consumerGroup}|${tenantId}|${aggregateId}`;
  }

  async lastApplied(tenantId: string, aggregateId: string): Promise<number> {
    const found = await this.collection.findOne({ _id: this.key(tenantId, aggregateId) }, { projection: { sequence: 1 } });
    return found?.sequence ?? 0;
  }

  async markApplied(tenantId: string, aggregateId: string, sequence: number): Promise<void> {
    const _id = this.key(tenantId, aggregateId);
    try {
      await this.collection.updateOne(
        { _id, sequence: { $lt: sequence } },
        { $set: { sequence, tenantId, updatedAt: new Date() } },
        { upsert: true },
      );
    } catch (error) {
      // The upsert collides with a document holding an equal or newer sequence: nothing to do.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
