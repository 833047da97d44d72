import { ContactSnapshot, tagKey } from '@roster/contracts';

/** A contact as rules see it: the snapshot's fields, with tag identities precomputed. */
export interface SegmentContact {
  id: string;
  phone: string;
  phoneType: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  company: string | null;
  language: string | null;
  leadSource: string | null;
  tagKeys: string[];
  lists: string[];
  status: string;
  location: { country: string | null; city: string | null };
  birthDate: string | null;
  customFields: Record<string, string | number | boolean | null>;
  consent: { whatsapp: { status: string; updatedAt: string | null } };
  traits: {
    totalSpent: number;
    purchaseCount: number;
    firstPurchaseAt: string | null;
    lastPurchaseAt: string | null;
    lastActivityAt: string | null;
    lastMessageReadAt: string | null;
  };
  createdAt: string;
  updatedAt: string;
}

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
