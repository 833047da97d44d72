import { Principal } from '@roster/http';
import { ContactRecord } from './contact.schema';
import { toSnapshot } from './contact.snapshot';
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
  const { id, tenantId: _tenant, ...snapshot } = toSnapshot(record);
  const full: Record<ViewField, unknown> = {
    ...snapshot,
    phone: viewer ? maskPhone(record.phone) : record.phone,
    email: record.email && viewer ? maskEmail(record.email) : record.email,
    consent: {
      whatsapp: snapshot.consent.whatsapp,
      history: record.consent.history.map((h) => ({ ...h, at: iso(h.at), proof: viewer ? undefined : h.proof })),
    },
    notes: viewer ? undefined : record.notes,
  };
  const chosen = fields?.length ? fields : VIEW_FIELDS;
  const view: Record<string, unknown> = { id };
  for (const field of chosen) if (full[field] !== undefined) view[field] = full[field];
  return view;
}
