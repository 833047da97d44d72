import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '@roster/persistence';
import { ScanRecord, ScanSchema } from './scan.schema';

@Injectable()
export class ScansRepository implements OnModuleInit {
  private readonly model: Model<ScanRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<ScanRecord>('DedupeScan', ScanSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
    await this.model.createIndexes();
  }

  async insert(scan: ScanRecord): Promise<void> {
    await this.model.collection.insertOne(scan as never);
  }

  get(tenantId: string, id: string): Promise<ScanRecord | null> {
    return this.model.findOne({ _id: id, tenantId }).lean<ScanRecord>().exec();
  }

  running(tenantId: string): Promise<ScanRecord | null> {
    return this.model.findOne({ tenantId, state: 'running' }).lean<ScanRecord>().exec();
  }

  async progress(id: string, fields: Partial<ScanRecord>): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { ...fields, updatedAt: new Date() } }).exec();
  }
}
