export const ACTIVITY_KINDS = [
  'purchase',
  'message.sent',
  'message.delivered',
  'message.read',
  'message.replied',
  'campaign.received',
  'custom',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface TraitSource {
  kind: ActivityKind;
  occurredAt: Date;
  amount?: number;
}

export interface ComputedTraits {
  totalSpent: number;
  purchaseCount: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  lastActivityAt: Date | null;
  lastMessageReadAt: Date | null;
}

const earliest = (a: Date | null, b: Date) => (a && a <= b ? a : b);
const latest = (a: Date | null, b: Date) => (a && a >= b ? a : b);

/** Folds one activity into the traits; order-independent, so late or bulk activities land right. */
export function applyActivity(traits: ComputedTraits, activity: TraitSource): ComputedTraits {
  const next = { ...traits, lastActivityAt: latest(traits.lastActivityAt, activity.occurredAt) };
  if (activity.kind === 'purchase') {
    next.totalSpent = Math.round((traits.totalSpent + (activity.amount ?? 0)) * 100) / 100;
    next.purchaseCount = traits.purchaseCount + 1;
    next.firstPurchaseAt = earliest(traits.firstPurchaseAt, activity.occurredAt);
    next.lastPurchaseAt = latest(traits.lastPurchaseAt, activity.occurredAt);
  }
  if (activity.kind === 'message.read') next.lastMessageReadAt = latest(traits.lastMessageReadAt, activity.occurredAt);
  return next;
}
