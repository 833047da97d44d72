import { RuleNode } from './rule';

export interface SegmentTemplate {
  key: string;
  name: string;
  description: string;
  rule: RuleNode;
}

const span = (amount: number, unit: 'days' | 'months') => ({ amount, unit });

/** The segments most tenants start from; a template is a rule to copy and adjust, nothing more. */
export const SEGMENT_TEMPLATES: readonly SegmentTemplate[] = [
  { key: 'high-value', name: 'High-value customers', description: 'Spent 1,000 or more', rule: { field: 'traits.totalSpent', op: 'gte', value: 1000 } },
  { key: 'inactive-6-months', name: 'Inactive for 6 months', description: 'No activity in the last 6 months', rule: { any: [{ field: 'traits.lastActivityAt', op: 'moreThanAgo', value: span(6, 'months') }, { field: 'traits.lastActivityAt', op: 'notSet' }] } },
  { key: 'recent-shoppers', name: 'Recent shoppers', description: 'Bought in the last 30 days', rule: { field: 'traits.lastPurchaseAt', op: 'withinLast', value: span(30, 'days') } },
  { key: 'new-customers', name: 'New customers', description: 'First purchase in the last 30 days', rule: { field: 'traits.firstPurchaseAt', op: 'withinLast', value: span(30, 'days') } },
  { key: 'at-risk', name: 'At risk', description: "Lifecycle stage at-risk (the tenant's thresholds)", rule: { field: 'lifecycle', op: 'eq', value: 'at-risk' } },
  { key: 'by-country', name: 'By country', description: 'Contacts in one country (change the code)', rule: { field: 'location.country', op: 'eq', value: 'BR' } },
  { key: 'vip', name: 'VIP tag', description: 'Tagged VIP', rule: { field: 'tags', op: 'hasAny', value: ['VIP'] } },
  { key: 'can-be-messaged', name: 'Can be messaged', description: 'Opted in to WhatsApp and active', rule: { field: 'canMessage', op: 'eq', value: true } },
  { key: 'newsletter-openers', name: 'Newsletter openers (opened the last 3 messages)', description: 'Read each of their last 3 messages', rule: { field: 'messages.read', op: 'ofLast', value: { last: 3, atLeast: 3 } } },
  { key: 'silent', name: 'No reply to the last 5', description: 'Answered none of their last 5 messages', rule: { field: 'messages.replied', op: 'ofLast', value: { last: 5, atMost: 0 } } },
  { key: 'repeat-buyers', name: 'Purchased twice in 90 days', description: 'At least 2 purchases in the last 90 days', rule: { field: 'counts.purchases', op: 'inLast', value: { amount: 90, unit: 'days', atLeast: 2 } } },
  {
    key: 'frequency-capped', name: 'Messaged enough this week', description: 'Received more than 4 campaign messages in the last 7 days: leave them out of the next send',
    rule: { field: 'counts.messagesReceived', op: 'inLast', value: { amount: 7, unit: 'days', atLeast: 5 } },
  },
  { key: 'service-window-open', name: 'Service window open', description: 'Wrote in the last 24 hours: free-form messages are allowed', rule: { field: 'serviceWindowOpen', op: 'eq', value: true } },
  { key: 'invalid-numbers', name: 'Invalid or bounced numbers', description: 'Numbers marked invalid after repeated hard failures: review, then bulk delete', rule: { field: 'status', op: 'eq', value: 'invalid' } },
];
