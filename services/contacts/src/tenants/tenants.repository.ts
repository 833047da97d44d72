import { Inject, Injectable } from '@nestjs/common';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION, TenantScopedRepository, isDuplicateKeyError } from '@roster/persistence';
import { Tenant, TenantSchema } from './tenant.schema';

@Injectable()
export class TenantsRepository extends TenantScopedRepository<Tenant> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.model<Tenant>('Tenant', TenantSchema));
  }

  /** The tenant's document, created with the defaults on first use. */
  async getOrCreate(tenantId: string, defaults: Pick<Tenant, 'planLimit'>): Promise<Tenant> {
    const found = await this.findOne(tenantId, {});
    if (found) return found;
    try {
      return await this.insert(tenantId, { ...defaults, contactCount: 0, defaultCountry: null, requiredFields: [], customFields: [], leadSources: [] } as never);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.findOne(tenantId, {}))!;
    }
  }

  /** Compare-and-set on the counter: succeeds only if nobody changed it since it was read. */
  async moveCounter(tenantId: string, expected: number, delta: number): Promise<boolean> {
    return this.updateOne(tenantId, { contactCount: expected }, { $inc: { contactCount: delta } });
  }

  async addToCounter(tenantId: string, delta: number): Promise<void> {
    await this.updateOne(tenantId, {}, { $inc: { contactCount: delta } });
  }
}
