import { CONTACT_FIELD_LABELS } from '../shared/field-labels';

/** Words for the rule's fields and operators in the builder; anything unnamed shows as the API names it. */
export const FIELD_LABELS: Record<string, string> = {
  ...CONTACT_FIELD_LABELS,
  'location.country': 'Country', 'location.city': 'City', 'consent.whatsapp': 'WhatsApp consent', 'consent.whatsapp.updatedAt': 'Consent changed', canMessage: 'Can be messaged',
  'traits.totalSpent': 'Total spent', 'traits.purchaseCount': 'Purchases', 'traits.firstPurchaseAt': 'First purchase', 'traits.lastPurchaseAt': 'Last purchase',
  'traits.lastActivityAt': 'Last activity', 'traits.lastMessageReadAt': 'Last message read', 'engagement.readRate': 'Read rate', 'engagement.replyRate': 'Reply rate',
  'engagement.lastInboundAt': 'Last message from them', 'engagement.serviceWindowUntil': 'Service window until', 'messages.read': 'Messages read',
  'messages.delivered': 'Messages delivered', 'messages.replied': 'Messages replied', 'messages.failed': 'Messages failed', 'counts.messagesReceived': 'Campaign messages received',
  'counts.messagesRead': 'Messages read (count)', 'counts.replies': 'Replies', 'counts.purchases': 'Purchases (count)', lifecycle: 'Lifecycle stage', serviceWindowOpen: 'Service window open',
};

export const OPERATOR_LABELS: Record<string, string> = {
  eq: 'is', neq: 'is not', contains: 'contains', startsWith: 'starts with', in: 'is one of', notIn: 'is none of', isSet: 'is set', notSet: 'is empty',
  gt: 'more than', gte: 'at least', lt: 'less than', lte: 'at most', between: 'between', before: 'before', after: 'after', withinLast: 'within the last',
  moreThanAgo: 'more than … ago', withinNext: 'within the next', hasAny: 'has any of', hasAll: 'has all of', hasNone: 'has none of', ofLast: 'of the last messages', inLast: 'in the last',
};

/** Fields in the order and groups the field picker shows them. */
export function fieldGroup(field: string): string {
  if (field.startsWith('custom.')) return 'Custom fields';
  if (field.startsWith('traits.') || field === 'lifecycle') return 'Purchases and activity';
  if (field.startsWith('engagement.') || field.startsWith('messages.') || field.startsWith('counts.') || field === 'serviceWindowOpen') return 'Messages';
  return 'Contact';
}
