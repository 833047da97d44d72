// The 100 segments a benchmark tenant has: ten rule shapes over the generated contacts' fields.
import { RuleNode } from '../services/segmentation/src/rules/domain/rule';
import { LISTS } from './generate-contacts';

const TAGS = ['VIP', 'Winter_Sale_Lead', 'newsletter', 'wholesale', 'returning', 'event-2026'];
const COUNTRIES = ['BR', 'PT', 'DE', 'US', 'MX', 'AR'];

/** Segment k of the tenant: ten rule shapes with varied thresholds. */
export function ruleOf(k: number): RuleNode {
  const span = (amount: number, unit: 'days' | 'months') => ({ amount, unit });
  switch (k % 10) {
    case 0: return { field: 'traits.totalSpent', op: 'gt', value: 500 + 50 * k };
    case 1: return { all: [{ field: 'tags', op: 'hasAny', value: [TAGS[k % TAGS.length]] }, { field: 'consent.whatsapp', op: 'eq', value: 'opted_in' }] };
    case 2: return { field: 'location.country', op: 'eq', value: COUNTRIES[k % COUNTRIES.length] };
    case 3: return { field: 'traits.firstPurchaseAt', op: 'withinLast', value: span(10 + k, 'days') };
    case 4: return { all: [{ field: 'traits.lastPurchaseAt', op: 'moreThanAgo', value: span(3 + (k % 9), 'months') }, { field: 'traits.purchaseCount', op: 'gt', value: 0 }] };
    case 5: return { any: [{ field: 'lifecycle', op: 'eq', value: 'at-risk' }, { field: 'lists', op: 'hasAny', value: [LISTS[k % LISTS.length]] }] };
    case 6: return { all: [{ field: 'custom.plan', op: 'in', value: ['gold', 'platinum'] }, { field: 'custom.seats', op: 'gte', value: k % 40 }] };
    case 7: return { all: [{ not: { field: 'tags', op: 'hasAny', value: ['newsletter'] } }, { field: 'company', op: 'startsWith', value: ['Padaria', 'Loja', 'Studio'][k % 3] }] };
    case 8: return { any: [{ field: 'firstName', op: 'in', value: ['Ana', 'Bruno', 'Carla'] }, { field: 'language', op: 'eq', value: 'de' }] };
    default: return { all: [{ field: 'canMessage', op: 'eq', value: true }, { field: 'traits.lastMessageReadAt', op: 'withinLast', value: span(30 + k, 'days') }] };
  }
}
