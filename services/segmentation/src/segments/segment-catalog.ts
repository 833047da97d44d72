import { Injectable } from '@nestjs/common';
import { SegmentDefinition } from '../membership/domain/membership-engine';
import { LifecycleThresholds } from '../rules/domain/segment-contact';
import { SegmentRecord } from './segment.schema';
import { SegmentTenantsRepository } from './segment-tenants.repository';
import { SegmentsRepository } from './segments.repository';

export interface TenantSegments {
  generation: number;
  lifecycle: LifecycleThresholds;
  definitions: SegmentDefinition[];
  byId: Map<string, SegmentRecord>;
}

const MAX_CACHED_TENANTS = 5_000;

export const definitionOf = (record: SegmentRecord): SegmentDefinition => ({
  id: String(record._id),
  version: record.version,
  rule: record.rule,
  listId: record.listId,
  retiring: record.state === 'retiring',
});

/**
 * The tenant's segment definitions, cached per instance. Each use costs one primary-key read of the
 * tenant's generation; the definitions are reloaded only when a segment changed somewhere.
 */
@Injectable()
export class SegmentCatalog {
  private readonly cache = new Map<string, TenantSegments>();

  constructor(
    private readonly tenants: SegmentTenantsRepository,
    private readonly segments: SegmentsRepository,
  ) {}

  async of(tenantId: string): Promise<TenantSegments> {
    const tenant = await this.tenants.get(tenantId);
    const cached = this.cache.get(tenantId);
    if (cached && cached.generation === tenant.generation) return cached;
    const records = await this.segments.all(tenantId);
    const loaded: TenantSegments = {
      generation: tenant.generation,
      lifecycle: tenant.lifecycle,
      definitions: records.map(definitionOf),
      byId: new Map(records.map((r) => [String(r._id), r])),
    };
    if (this.cache.size >= MAX_CACHED_TENANTS) this.cache.clear();
    this.cache.set(tenantId, loaded);
    return loaded;
  }
}
