/**
 * A map whose keys are data (`custom.vip`, a contact id) is stored as a list of entries: such keys
 * cannot be field names of a document (a `.` reads as a path, a leading `$` as an operator).
 */
export interface StoredEntry<V> {
  key: string;
  value: V;
}

export function toStoredEntries<V>(map: Record<string, V>): StoredEntry<V>[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}

/** Also reads maps stored before they were kept as entries. */
export function fromStoredEntries<V>(stored: StoredEntry<V>[] | Record<string, V> | null | undefined): Record<string, V> {
  if (!stored) return {};
  if (!Array.isArray(stored)) return { ...stored };
  return Object.fromEntries(stored.map(({ key, value }) => [key, value]));
}
