import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '@roster/persistence';
import { DEFAULT_LIFECYCLE, LifecycleThresholds } from '../rules/domain/segment-contact';
import { SegmentTenantRecord, SegmentTenantSchema } from './segment-tenant.schema';

/** Keyed by tenant id: every read is a primary-key lookup. */
@Injectable()
export class SegmentTenantsRepository implements OnModuleInit {
  private readonly model: Model<SegmentTenantRecord>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<SegmentTenantRecord>('SegmentTenant', SegmentTenantSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
  }

  async get(tenantId: string): Promise<SegmentTenantRecord> {
    const found = await this.model.findById(tenantId).lean<SegmentTenantRecord>().exec();
    return found ?? { _id: tenantId, tenantId, generation: 0, lifecycle: DEFAULT_LIFECYCLE };
  }

  /** Tells every instance to reload the tenant's segment definitions. */
  async bumpGeneration(tenantId: string, lifecycle?: LifecycleThresholds): Promise<SegmentTenantRecord> {
    return this.model
      .findOneAndUpdate(
        { _id: tenantId },
        { $inc: { generation: 1 }, $set: { tenantId, ...(lifecycle ? { lifecycle } : {}) }, $setOnInsert: lifecycle ? {} : { lifecycle: DEFAULT_LIFECYCLE } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<SegmentTenantRecord>()
      .exec() as Promise<SegmentTenantRecord>;
  }
}
