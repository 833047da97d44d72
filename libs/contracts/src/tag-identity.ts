/**
 * A tag's identity, shared by every service that reads contact snapshots: case- and
 * spacing-insensitive, so `VIP`, ` vip ` and `Vip` are one tag. Snapshots carry display forms.
 */
export function tagLabel(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function tagKey(raw: string): string {
  return tagLabel(raw).toLocaleLowerCase('en-US');
}
