import { tagKey, tagLabel } from '@roster/contracts';

/** A tag's identity is case- and spacing-insensitive; its display form is kept as first given. */
export interface Tag {
  key: string;
  label: string;
}

export const MAX_TAG_LENGTH = 64;

export { tagKey, tagLabel };

export function normalizeTags(raw: readonly string[]): Tag[] {
  const seen = new Map<string, Tag>();
  for (const value of raw) {
    const label = tagLabel(value);
    if (!label) continue;
    const key = label.toLocaleLowerCase('en-US');
    if (!seen.has(key)) seen.set(key, { key, label });
  }
  return [...seen.values()];
}

/** Adds and removes tags, keeping existing display forms; reports what really changed. */
export function changeTags(current: readonly Tag[], add: readonly string[], remove: readonly string[]) {
  const removeKeys = new Set(remove.map(tagKey));
  const kept = current.filter((t) => !removeKeys.has(t.key));
  const keys = new Set(kept.map((t) => t.key));
  const added = normalizeTags(add).filter((t) => !keys.has(t.key));
  const result = [...kept, ...added];
  const removed = current.filter((t) => removeKeys.has(t.key));
  return { tags: result, added: added.map((t) => t.label), removed: removed.map((t) => t.label) };
}

/** Display forms added and removed between two tag sets. */
export function tagDiff(before: readonly Tag[], after: readonly Tag[]) {
  const beforeKeys = new Set(before.map((t) => t.key));
  const afterKeys = new Set(after.map((t) => t.key));
  return {
    added: after.filter((t) => !beforeKeys.has(t.key)).map((t) => t.label),
    removed: before.filter((t) => !afterKeys.has(t.key)).map((t) => t.label),
  };
}
