import { Type } from '@sinclair/typebox';
import { defineEvent } from '../envelope';
import { Topics } from '../topics';
import { ContactSnapshotSchema, CONSENT_STATES, exampleContact } from './contact-snapshot';

const withContact = <P extends Parameters<typeof Type.Object>[0]>(props: P) =>
  Type.Object({ contact: ContactSnapshotSchema, ...props }, { additionalProperties: false });

export const ContactCreated = defineEvent({
  name: 'ContactCreated',
  type: 'roster.contact.created.v1',
  topic: Topics.Contacts,
  description: 'A contact was created (by API, import or merge undo).',
  data: withContact({}),
  example: { contact: exampleContact },
});

export const ContactUpdated = defineEvent({
  name: 'ContactUpdated',
  type: 'roster.contact.updated.v1',
  topic: Topics.Contacts,
  description: 'Fields of a contact changed; lists the changed field names.',
  data: withContact({ changedFields: Type.Array(Type.String()) }),
  example: { contact: exampleContact, changedFields: ['company'] },
});

export const TagChanged = defineEvent({
  name: 'TagChanged',
  type: 'roster.contact.tag-changed.v1',
  topic: Topics.Contacts,
  description: 'Tags were added to or removed from a contact.',
  data: withContact({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()) }),
  example: { contact: exampleContact, added: ['VIP'], removed: [] },
});

export const ConsentChanged = defineEvent({
  name: 'ConsentChanged',
  type: 'roster.contact.consent-changed.v1',
  topic: Topics.Contacts,
  description: 'WhatsApp opt-in was granted or withdrawn.',
  data: withContact({
    channel: Type.Literal('whatsapp'),
    previousStatus: Type.Union(CONSENT_STATES.map((s) => Type.Literal(s))),
    status: Type.Union(CONSENT_STATES.map((s) => Type.Literal(s))),
    source: Type.String(),
  }),
  example: { contact: exampleContact, channel: 'whatsapp', previousStatus: 'unknown', status: 'opted_in', source: 'form' },
});

export const ActivityRecorded = defineEvent({
  name: 'ActivityRecorded',
  type: 'roster.contact.activity-recorded.v1',
  topic: Topics.Contacts,
  description: 'An activity (purchase, message event, campaign receipt, custom) was recorded; traits are updated.',
  data: withContact({
    activity: Type.Object(
      {
        id: Type.String(),
        kind: Type.String({ description: 'purchase | message.sent | message.delivered | message.read | message.replied | campaign.received | custom' }),
        occurredAt: Type.String({ format: 'date-time' }),
        amount: Type.Optional(Type.Number()),
        currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
        name: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  }),
  example: {
    contact: exampleContact,
    activity: { id: 'act_1', kind: 'purchase', occurredAt: '2026-01-02T10:00:00.000Z', amount: 99.5, currency: 'EUR' },
  },
});

export const ContactDeleted = defineEvent({
  name: 'ContactDeleted',
  type: 'roster.contact.deleted.v1',
  topic: Topics.Contacts,
  description: 'A contact was deleted. With `erased`, every service must remove all personal data it holds about it.',
  data: Type.Object({ contactId: Type.String(), erased: Type.Boolean() }, { additionalProperties: false }),
  example: { contactId: exampleContact.id, erased: false },
});

export const ContactsMerged = defineEvent({
  name: 'ContactsMerged',
  type: 'roster.contact.merged.v1',
  topic: Topics.Contacts,
  description: 'Contacts were merged into a survivor (subject). Merged-away contacts no longer exist.',
  data: withContact({
    survivorId: Type.String(),
    mergedIds: Type.Array(Type.String(), { minItems: 1 }),
    decisionId: Type.String(),
  }),
  example: { contact: exampleContact, survivorId: exampleContact.id, mergedIds: ['6650f0c2a1b2c3d4e5f60719'], decisionId: 'dec_1' },
});
