import { ContactSnapshot, tagKey } from '@roster/contracts';

/** A contact as rules see it: the snapshot's fields, with tag identities precomputed. */
export type SegmentContact = Omit<ContactSnapshot, 'tags' | 'tenantId' | 'version'> & { tagKeys: string[] };

export function segmentContactOf(snapshot: ContactSnapshot): SegmentContact {
  const { tags, tenantId: _tenant, version: _version, ...rest } = snapshot;
  return { ...rest, tagKeys: [...new Set(tags.map(tagKey))] };
}

/** Lifecycle stage thresholds, per tenant: days since the last activity. */
export interface LifecycleThresholds {
  activeWithinDays: number;
  atRiskWithinDays: number;
}

export const DEFAULT_LIFECYCLE: LifecycleThresholds = { activeWithinDays: 30, atRiskWithinDays: 90 };
