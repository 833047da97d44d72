import { Inject, Injectable } from '@nestjs/common';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository, isDuplicateKeyError } from '@roster/persistence';
import { BulkBatch, BulkBatchSchema, RowResult } from './bulk-batch.schema';

@Injectable()
export class BulkBatchesRepository extends TenantScopedRepository<BulkBatch> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<BulkBatch>('BulkBatch', BulkBatchSchema));
  }

  async results(tenantId: string, batchKey: string): Promise<RowResult[] | undefined> {
    return (await this.findOne(tenantId, { batchKey }))?.results;
  }

  /** Records a batch's results once; a concurrent twin's results win and are returned. */
  async remember(tenantId: string, batchKey: string, results: RowResult[]): Promise<RowResult[]> {
    try {
      await this.insert(tenantId, { batchKey, results, createdAt: new Date() });
      return results;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.results(tenantId, batchKey))!;
    }
  }
}
