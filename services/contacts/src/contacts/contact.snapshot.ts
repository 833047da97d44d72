import { ContactSnapshot } from '@roster/contracts';
import { emptyEngagement } from '../messages/domain/engagement';
import { ContactRecord } from './contact.schema';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** The contact as it now is, for events: everything but private notes and internal bookkeeping. */
export function toSnapshot(record: ContactRecord): ContactSnapshot {
  return {
    id: String(record._id),
    tenantId: record.tenantId,
    phone: record.phone,
    phoneType: record.phoneType,
    firstName: record.firstName,
    lastName: record.lastName,
    email: record.email,
    company: record.company,
    language: record.language,
    leadSource: record.leadSource,
    tags: record.tags.map((t) => t.label),
    lists: record.lists,
    status: record.status,
    location: { country: record.location?.country ?? null, city: record.location?.city ?? null },
    birthDate: record.birthDate,
    customFields: record.customFields ?? {},
    consent: { whatsapp: { status: record.consent.whatsapp.status, updatedAt: iso(record.consent.whatsapp.updatedAt) } },
    traits: {
      totalSpent: record.traits.totalSpent,
      purchaseCount: record.traits.purchaseCount,
      firstPurchaseAt: iso(record.traits.firstPurchaseAt),
      lastPurchaseAt: iso(record.traits.lastPurchaseAt),
      lastActivityAt: iso(record.traits.lastActivityAt),
      lastMessageReadAt: iso(record.traits.lastMessageReadAt),
    },
    engagement: record.engagement ?? emptyEngagement(),
    createdAt: iso(record.createdAt)!,
    updatedAt: iso(record.updatedAt)!,
    version: record.version,
  };
}
