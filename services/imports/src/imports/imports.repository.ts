import { Inject, Injectable } from '@nestjs/common';
import { Connection, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { EventEnvelope, ImportRunJob } from '@roster/contracts';
import { withOutbox } from '@roster/messaging';
import { MONGO_CONNECTION, TenantScopedRepository } from '@roster/persistence';
import { ImportRecord, ImportSchema, PassCounts, PassKind, PassState } from './import.schema';

export interface ChunkDelta {
  counts: Partial<PassCounts>;
  rejectedByReason: Record<string, number>;
  bytesRead: number;
}

@Injectable()
export class ImportsRepository extends TenantScopedRepository<ImportRecord> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<ImportRecord>('Import', ImportSchema));
  }

  get collection() {
    return this.model.collection;
  }

  async create(record: Omit<ImportRecord, '_id'>): Promise<ImportRecord> {
    return this.insert(record.tenantId, { ...record, _id: new Types.ObjectId() });
  }

  /** The newest of the tenant's last 50 imports with these very headers whose mapping was used (a dry run or a run). */
  async lastMappedWith(tenantId: string, headers: readonly string[]): Promise<ImportRecord | null> {
    const recent = await this.model
      .find({ tenantId }, { headers: 1, mapping: 1, fileName: 1, createdAt: 1, 'dryRun.state': 1, 'run.state': 1 })
      .sort({ _id: -1 })
      .limit(50)
      .lean<ImportRecord[]>()
      .exec();
    const same = (other: readonly string[]) => other.length === headers.length && other.every((h, i) => h === headers[i]);
    return recent.find((r) => (r.dryRun.state !== 'idle' || r.run.state !== 'idle') && same(r.headers)) ?? null;
  }

  /**
   * Moves a pass from one of `from` to `to`, setting `fields` (dotted paths allowed) and recording
   * `events` in the same atomic update; false when the pass was in none of `from`.
   */
  async transition(
    tenantId: string,
    id: Types.ObjectId,
    pass: PassKind,
    from: readonly PassState[],
    to: PassState,
    fields: Record<string, unknown> = {},
    events: EventEnvelope[] = [],
  ): Promise<boolean> {
    const update: UpdateQuery<ImportRecord> = { $set: { [`${pass}.state`]: to, updatedAt: new Date(), ...fields } };
    return this.updateOne(tenantId, { _id: id, [`${pass}.state`]: { $in: from } } as QueryFilter<ImportRecord>, events.length ? withOutbox(update, events) : update);
  }

  async update(tenantId: string, id: Types.ObjectId, fields: Record<string, unknown>): Promise<void> {
    await this.updateOne(tenantId, { _id: id }, { $set: { ...fields, updatedAt: new Date() } });
  }

  /** Adds a chunk's outcome exactly once: only when the pass is still waiting for that chunk. */
  async commitChunk(tenantId: string, id: Types.ObjectId, pass: PassKind, chunk: number, delta: ChunkDelta): Promise<boolean> {
    const inc: Record<string, number> = {};
    for (const [key, n] of Object.entries(delta.counts)) if (n) inc[`${pass}.counts.${key}`] = n;
    for (const [reason, n] of Object.entries(delta.rejectedByReason)) inc[`${pass}.rejectedByReason.${reason}`] = n;
    return this.updateOne(
      tenantId,
      { _id: id, [`${pass}.nextChunk`]: chunk } as QueryFilter<ImportRecord>,
      { $set: { [`${pass}.nextChunk`]: chunk + 1, [`${pass}.bytesRead`]: delta.bytesRead, updatedAt: new Date() }, ...(Object.keys(inc).length ? { $inc: inc } : {}) },
    );
  }

  /** Every pass waiting or running, across tenants (the recovery sweep serves them all). */
  async unfinishedPasses(): Promise<ImportRunJob[]> {
    const active = { $in: ['queued', 'running'] };
    const filter = { $or: [{ 'run.state': active }, { 'dryRun.state': active }] } as QueryFilter<ImportRecord>;
    const found = await this.model.find(filter, { tenantId: 1, run: 1, dryRun: 1 }).lean<ImportRecord[]>().exec();
    return found.flatMap((r) => [
      ...(['queued', 'running'].includes(r.dryRun.state) ? [{ tenantId: r.tenantId, importId: String(r._id), kind: 'dry-run' as const }] : []),
      ...(['queued', 'running'].includes(r.run.state) ? [{ tenantId: r.tenantId, importId: String(r._id), kind: 'run' as const }] : []),
    ]);
  }
}
