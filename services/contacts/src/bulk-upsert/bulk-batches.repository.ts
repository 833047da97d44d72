import { Inject, Injectable } from '@nestjs/common';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository } from '@roster/persistence';
import { BulkBatch, BulkBatchSchema, RowResult } from './bulk-batch.schema';

@Injectable()
export class BulkBatchesRepository extends TenantScopedRepository<BulkBatch> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<BulkBatch>('BulkBatch', BulkBatchSchema));
  }

  private key(tenantId: string, batchKey: string): string {
    return `${tenantId}:${batchKey}`;
  }

  async results(tenantId: string, batchKey: string): Promise<RowResult[] | undefined> {
    const found = await this.model.findOne({ _id: this.key(tenantId, batchKey) }).lean<BulkBatch>().exec();
    return found?.tenantId === tenantId ? found.results : undefined;
  }

  /** Records a batch's results once; a concurrent twin's results win and are returned. */
  async remember(tenantId: string, batchKey: string, results: RowResult[]): Promise<RowResult[]> {
    try {
      await this.insert(tenantId, { _id: this.key(tenantId, batchKey), batchKey, results, createdAt: new Date() });
      return results;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return (await this.results(tenantId, batchKey))!;
    }
  }
}
