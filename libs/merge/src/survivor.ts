import { ContactSnapshot, tagKey } from '@roster/contracts';

/** Fields whose value is taken whole from one contact of the group. */
export const SINGLE_VALUE_FIELDS = ['firstName', 'lastName', 'email', 'company', 'language', 'leadSource', 'birthDate', 'status', 'phoneType'] as const;
export type SingleValueField = (typeof SINGLE_VALUE_FIELDS)[number];

/** Which contact's value a field takes: the newest non-empty (default), the oldest, or the survivor's. */
export const FIELD_RULES = ['newest', 'oldest', 'survivor'] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

const CUSTOM_FIELD = /^custom\.[a-z][a-zA-Z0-9_]{0,39}$/;

/** Whether a merge can resolve this field by rule or choice: one of SINGLE_VALUE_FIELDS or `custom.<key>`. */
export function isMergeField(name: string): boolean {
  return (SINGLE_VALUE_FIELDS as readonly string[]).includes(name) || CUSTOM_FIELD.test(name);
}

/** How a tenant resolves a field, where it differs from the default (newest non-empty value). */
export interface SurvivorRules {
  /** Per field, or `custom.<key>`. */
  fields?: Record<string, FieldRule>;
}

export interface MergePlan {
  survivorId: string;
  mergedIds: string[];
  /** The contact as the merge would leave it. */
  result: ContactSnapshot;
  /** For each field taken from one contact: whose value it is. */
  sources: Record<string, string>;
}

/** Opt-out beats unknown beats opt-in: a merge never turns a refusal into consent. */
const CONSENT_STRICTNESS = { opted_out: 2, unknown: 1, opted_in: 0 } as const;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';
const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN);

/**
 * The surviving contact of a group: by default the oldest contact survives; each field takes the
 * newest non-empty value (by the contacts' last update); tags and lists are united; traits are
 * recomputed from all; consent is the most restrictive of the group.
 */
export function planMerge(
  group: readonly ContactSnapshot[],
  rules: SurvivorRules = {},
  survivorId?: string,
  /** A reviewer's choices for this merge: field (or `custom.<key>`) -> the contact whose value it keeps. */
  choices: Record<string, string> = {},
): MergePlan {
  if (group.length < 2) throw new Error('a merge needs at least two contacts');
  const byAge = [...group].sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id.localeCompare(b.id));
  const survivor = survivorId ? group.find((c) => c.id === survivorId) : byAge[0];
  if (!survivor) throw new Error(`survivor ${survivorId} is not in the group`);
  const newestFirst = [...group].sort((a, b) => time(b.updatedAt) - time(a.updatedAt) || a.id.localeCompare(b.id));
  const sources: Record<string, string> = {};

  const pick = <T>(field: string, read: (c: ContactSnapshot) => T): T => {
    const chosen = choices[field] === undefined ? undefined : group.find((c) => c.id === choices[field]);
    if (chosen) {
      sources[field] = chosen.id;
      return read(chosen);
    }
    const rule = rules.fields?.[field] ?? 'newest';
    const order = rule === 'survivor' ? [survivor] : rule === 'oldest' ? [...newestFirst].reverse() : newestFirst;
    const from = order.find((c) => !isEmpty(read(c))) ?? survivor;
    sources[field] = from.id;
    return read(from);
  };

  const single = Object.fromEntries(SINGLE_VALUE_FIELDS.map((f) => [f, pick(f, (c) => c[f])])) as Pick<ContactSnapshot, SingleValueField>;
  const customKeys = [...new Set(group.flatMap((c) => Object.keys(c.customFields)))].sort();
  const customFields = Object.fromEntries(customKeys.map((k) => [k, pick(`custom.${k}`, (c) => c.customFields[k] ?? null)]));
  const location = pick('location', (c) => (c.location.country || c.location.city ? c.location : null)) ?? { country: null, city: null };

  const tags = new Map<string, string>();
  for (const c of [survivor, ...newestFirst]) for (const t of c.tags) if (!tags.has(tagKey(t))) tags.set(tagKey(t), t);

  const consent = group.reduce((strictest, c) =>
    CONSENT_STRICTNESS[c.consent.whatsapp.status] > CONSENT_STRICTNESS[strictest.consent.whatsapp.status] ? c : strictest, survivor);
  sources.consent = consent.id;

  const dates = (read: (c: ContactSnapshot) => string | null) => group.map(read).filter((d): d is string => d !== null).sort();
  const first = (read: (c: ContactSnapshot) => string | null) => dates(read)[0] ?? null;
  const last = (read: (c: ContactSnapshot) => string | null) => dates(read).pop() ?? null;

  const result: ContactSnapshot = {
    ...survivor,
    ...single,
    location,
    customFields,
    tags: [...tags.values()],
    lists: [...new Set(group.flatMap((c) => c.lists))].sort(),
    consent: { whatsapp: { ...consent.consent.whatsapp } },
    traits: {
      totalSpent: Math.round(group.reduce((sum, c) => sum + c.traits.totalSpent, 0) * 10_000) / 10_000,
      purchaseCount: group.reduce((sum, c) => sum + c.traits.purchaseCount, 0),
      firstPurchaseAt: first((c) => c.traits.firstPurchaseAt),
      lastPurchaseAt: last((c) => c.traits.lastPurchaseAt),
      lastActivityAt: last((c) => c.traits.lastActivityAt),
      lastMessageReadAt: last((c) => c.traits.lastMessageReadAt),
    },
    createdAt: first((c) => c.createdAt)!,
  };
  return { survivorId: survivor.id, mergedIds: group.filter((c) => c.id !== survivor.id).map((c) => c.id), result, sources };
}
