import { Type } from '@sinclair/typebox';
import { CONSENT_STATES, ContactSnapshotSchema, ConsentStateSchema } from '@roster/contracts';
import { IsoDateTime, Nullable, PageOf, Principal } from '@roster/http';
import { ContactRecord } from './contact.schema';
import { toSnapshot } from './contact.snapshot';
import { maskEmail, maskPhone } from './domain/masking';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export const VIEW_FIELDS = [
  'phone', 'phoneType', 'firstName', 'lastName', 'email', 'company', 'language', 'leadSource', 'tags', 'lists',
  'status', 'location', 'birthDate', 'customFields', 'consent', 'notes', 'traits', 'engagement', 'createdAt', 'updatedAt', 'version',
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
    engagement: snapshot.engagement,
  };
  const chosen = fields?.length ? fields : VIEW_FIELDS;
  const view: Record<string, unknown> = { id };
  for (const field of chosen) if (full[field] !== undefined) view[field] = full[field];
  return view;
}

const ConsentEntrySchema = Type.Object({
  status: Type.Union(CONSENT_STATES.map((s) => Type.Literal(s))),
  method: Nullable(Type.String()),
  source: Nullable(Type.String()),
  proof: Type.Optional(Nullable(Type.String({ description: 'Never shown to viewers' }))),
  at: Nullable(IsoDateTime),
});

/** The contact as renderContact shows it: every field but `id` may be left out by `fields=`. */
export const ContactViewSchema = Type.Composite(
  [
    Type.Object({ id: Type.String() }),
    Type.Partial(
      Type.Composite([
        Type.Omit(ContactSnapshotSchema, ['id', 'tenantId', 'phone', 'customFields', 'consent']),
        Type.Object({
          phone: Type.String({ description: 'E.164; masked for viewers' }),
          customFields: Type.Record(Type.String(), Type.Unknown()),
          consent: Type.Object({ whatsapp: ConsentStateSchema, history: Type.Array(ConsentEntrySchema) }),
          notes: Nullable(Type.String({ description: 'Never shown to viewers' })),
        }),
      ]),
    ),
  ],
  { $id: 'Contact' },
);

export const ContactPageSchema = PageOf(ContactViewSchema);
