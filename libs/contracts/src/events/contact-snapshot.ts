import { Static, Type } from '@sinclair/typebox';

const IsoDate = Type.String({ format: 'date-time' });
const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CONTACT_STATUSES = ['active', 'inactive', 'invalid', 'blocked'] as const;
export const CONSENT_STATES = ['opted_in', 'opted_out', 'unknown'] as const;

export const ConsentStateSchema = Type.Object(
  {
    status: Type.Union(CONSENT_STATES.map((s) => Type.Literal(s))),
    updatedAt: Nullable(IsoDate),
  },
  { additionalProperties: false },
);

export const ContactTraitsSchema = Type.Object(
  {
    totalSpent: Type.Number({ minimum: 0 }),
    purchaseCount: Type.Integer({ minimum: 0 }),
    firstPurchaseAt: Nullable(IsoDate),
    lastPurchaseAt: Nullable(IsoDate),
    lastActivityAt: Nullable(IsoDate),
    lastMessageReadAt: Nullable(IsoDate),
  },
  { additionalProperties: false },
);

export const OUTBOUND_STATUSES = ['sent', 'failed', 'delivered', 'read'] as const;

/** Message engagement, from the outcomes campaign services report (roster.messages.v1). */
export const EngagementSchema = Type.Object(
  {
    recent: Type.Array(
      Type.Object(
        {
          messageId: Type.String(),
          campaignId: Nullable(Type.String()),
          sentAt: IsoDate,
          status: Type.Union(OUTBOUND_STATUSES.map((s) => Type.Literal(s))),
          replied: Type.Boolean(),
          failureCode: Nullable(Type.Integer()),
        },
        { additionalProperties: false },
      ),
      { description: "The tenant's last N outbound messages (default 10), newest first" },
    ),
    readRate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    replyRate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    daily: Type.Array(
      Type.Object(
        {
          day: Type.String({ format: 'date' }),
          received: Type.Integer({ minimum: 0 }),
          read: Type.Integer({ minimum: 0 }),
          replies: Type.Integer({ minimum: 0 }),
          purchases: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
      { description: 'Counts per UTC day over the last 90 days, newest first: messages received and read, replies, purchases' },
    ),
    lastInboundAt: Nullable(IsoDate),
    serviceWindowUntil: Nullable(IsoDate),
    invalidNumber: Nullable(
      Type.Object({ since: IsoDate, reason: Type.String(), messageIds: Type.Array(Type.String()) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export type Engagement = Static<typeof EngagementSchema>;

/**
 * Event-carried state: the whole contact as it now is. Private notes are never part of it.
 */
export const ContactSnapshotSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    tenantId: Type.String({ minLength: 1 }),
    phone: Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164' }),
    phoneType: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    email: Nullable(Type.String()),
    company: Nullable(Type.String()),
    language: Nullable(Type.String()),
    leadSource: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    lists: Type.Array(Type.String()),
    status: Type.Union(CONTACT_STATUSES.map((s) => Type.Literal(s))),
    location: Type.Object(
      { country: Nullable(Type.String()), city: Nullable(Type.String()) },
      { additionalProperties: false },
    ),
    birthDate: Nullable(Type.String({ format: 'date' })),
    customFields: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
    consent: Type.Object({ whatsapp: ConsentStateSchema }, { additionalProperties: false }),
    traits: ContactTraitsSchema,
    /** Absent on events from before message outcomes were tracked. */
    engagement: Type.Optional(EngagementSchema),
    createdAt: IsoDate,
    updatedAt: IsoDate,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export type ContactSnapshot = Static<typeof ContactSnapshotSchema>;

export const exampleContact: ContactSnapshot = {
  id: '6650f0c2a1b2c3d4e5f60718',
  tenantId: 'acme',
  phone: '+4915123456789',
  phoneType: 'MOBILE',
  firstName: 'Anna',
  lastName: 'Schmidt',
  email: 'anna@example.com',
  company: 'Example GmbH',
  language: 'de',
  leadSource: 'website',
  tags: ['VIP'],
  lists: [],
  status: 'active',
  location: { country: 'DE', city: 'Berlin' },
  birthDate: null,
  customFields: { plan: 'gold' },
  consent: { whatsapp: { status: 'opted_in', updatedAt: '2026-01-02T10:00:00.000Z' } },
  traits: {
    totalSpent: 1250,
    purchaseCount: 3,
    firstPurchaseAt: '2025-06-01T12:00:00.000Z',
    lastPurchaseAt: '2026-01-02T10:00:00.000Z',
    lastActivityAt: '2026-01-02T10:00:00.000Z',
    lastMessageReadAt: null,
  },
  createdAt: '2025-05-30T08:00:00.000Z',
  updatedAt: '2026-01-02T10:00:00.000Z',
  version: 7,
};
