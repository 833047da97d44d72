import { Principal } from '@roster/http';
import { ContactRecord } from './contact.schema';
import { maskEmail, maskPhone } from './domain/masking';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export const VIEW_FIELDS = [
  'phone', 'phoneType', 'firstName', 'lastName', 'email', 'company', 'language', 'leadSource', 'tags', 'lists',
  'status', 'location', 'birthDate', 'customFields', 'consent', 'notes', 'traits', 'createdAt', 'updatedAt', 'version',
] as const;
export type ViewField = (typeof VIEW_FIELDS)[number];

/**
 * A contact as an HTTP caller may see it: viewers get phone and email masked and never see notes
 * or consent proof. `fields` narrows the columns (the id always comes back).
 */
export function renderContact(record: ContactRecord, principal: Principal, fields?: readonly ViewField[]): Record<string, unknown> {
  const viewer = principal.role === 'viewer';
  const full: Record<ViewField, unknown> = {
    phone: viewer ? maskPhone(record.phone) : record.phone,
    phoneType: record.phoneType,
    firstName: record.firstName,
    lastName: record.lastName,
    email: record.email && viewer ? maskEmail(record.email) : record.email,
    company: record.company,
    language: record.language,
    leadSource: record.leadSource,
    tags: record.tags.map((t) => t.label),
    lists: record.lists,
    status: record.status,
    location: record.location,
    birthDate: record.birthDate,
    customFields: record.customFields ?? {},
    consent: {
      whatsapp: { status: record.consent.whatsapp.status, updatedAt: iso(record.consent.whatsapp.updatedAt) },
      history: record.consent.history.map((h) => ({ ...h, at: iso(h.at), proof: viewer ? undefined : h.proof })),
    },
    notes: viewer ? undefined : record.notes,
    traits: {
      ...record.traits,
      firstPurchaseAt: iso(record.traits.firstPurchaseAt),
      lastPurchaseAt: iso(record.traits.lastPurchaseAt),
      lastActivityAt: iso(record.traits.lastActivityAt),
      lastMessageReadAt: iso(record.traits.lastMessageReadAt),
    },
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    version: record.version,
  };
  const chosen = fields?.length ? fields : VIEW_FIELDS;
  const view: Record<string, unknown> = { id: String(record._id) };
  for (const field of chosen) if (full[field] !== undefined) view[field] = full[field];
  return view;
}
