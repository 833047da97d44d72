import { CONSENT_STATES, CONTACT_STATUSES } from '@roster/contracts';
import { FieldType } from './rule';
import { COUNT_OF, OUTCOME_OF } from './engagement-conditions';
import { SegmentContact } from './segment-contact';

export const LIFECYCLE_STAGES = ['active', 'at-risk', 'inactive'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface FieldSpec {
  type: FieldType;
  /** For enums: the values a rule may name. */
  values?: readonly string[];
  read(contact: SegmentContact): unknown;
}

/** The standard fields and traits a rule may name; custom fields are `custom.<key>`. */
export const FIELDS: Readonly<Record<string, FieldSpec>> = {
  phone: { type: 'text', read: (c) => c.phone },
  phoneType: { type: 'text', read: (c) => c.phoneType },
  firstName: { type: 'text', read: (c) => c.firstName },
  lastName: { type: 'text', read: (c) => c.lastName },
  email: { type: 'text', read: (c) => c.email },
  company: { type: 'text', read: (c) => c.company },
  language: { type: 'text', read: (c) => c.language },
  leadSource: { type: 'text', read: (c) => c.leadSource },
  'location.country': { type: 'text', read: (c) => c.location.country },
  'location.city': { type: 'text', read: (c) => c.location.city },
  birthDate: { type: 'date', read: (c) => c.birthDate },
  createdAt: { type: 'date', read: (c) => c.createdAt },
  updatedAt: { type: 'date', read: (c) => c.updatedAt },
  status: { type: 'enum', values: CONTACT_STATUSES, read: (c) => c.status },
  'consent.whatsapp': { type: 'enum', values: CONSENT_STATES, read: (c) => c.consent.whatsapp.status },
  'consent.whatsapp.updatedAt': { type: 'date', read: (c) => c.consent.whatsapp.updatedAt },
  canMessage: { type: 'boolean', read: canMessage },
  tags: { type: 'set', read: (c) => c.tagKeys },
  lists: { type: 'set', read: (c) => c.lists },
  'traits.totalSpent': { type: 'number', read: (c) => c.traits.totalSpent },
  'traits.purchaseCount': { type: 'number', read: (c) => c.traits.purchaseCount },
  'traits.firstPurchaseAt': { type: 'date', read: (c) => c.traits.firstPurchaseAt },
  'traits.lastPurchaseAt': { type: 'date', read: (c) => c.traits.lastPurchaseAt },
  'traits.lastActivityAt': { type: 'date', read: (c) => c.traits.lastActivityAt },
  'traits.lastMessageReadAt': { type: 'date', read: (c) => c.traits.lastMessageReadAt },
  'engagement.readRate': { type: 'number', read: (c) => c.engagement?.readRate ?? null },
  'engagement.replyRate': { type: 'number', read: (c) => c.engagement?.replyRate ?? null },
  'engagement.lastInboundAt': { type: 'date', read: (c) => c.engagement?.lastInboundAt ?? null },
  'engagement.serviceWindowUntil': { type: 'date', read: (c) => c.engagement?.serviceWindowUntil ?? null },
  ...Object.fromEntries(Object.keys(OUTCOME_OF).map((field) => [field, { type: 'outcomes', read: (c: SegmentContact) => c.engagement?.recent ?? [] } as FieldSpec])),
  ...Object.fromEntries(Object.keys(COUNT_OF).map((field) => [field, { type: 'count', read: (c: SegmentContact) => c.engagement?.daily ?? [] } as FieldSpec])),
  // Read by the evaluator, which knows the clock and the tenant's thresholds.
  lifecycle: { type: 'enum', values: LIFECYCLE_STAGES, read: () => undefined },
  serviceWindowOpen: { type: 'boolean', read: () => undefined },
};

export const CUSTOM_FIELD_PREFIX = 'custom.';
export const CUSTOM_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

/** Who a campaign may message: opted in, an active contact, a number we could parse. */
export function canMessage(contact: SegmentContact): boolean {
  return contact.consent.whatsapp.status === 'opted_in' && contact.status === 'active';
}
