/** Contacts numbered in the order they were read; a segment's members as one bit per contact. */
export class ContactIndex {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();

  add(contactId: string): number {
    const known = this.positions.get(contactId);
    if (known !== undefined) return known;
    this.positions.set(contactId, this.ids.length);
    this.ids.push(contactId);
    return this.ids.length - 1;
  }

  positionOf(contactId: string): number | undefined {
    return this.positions.get(contactId);
  }

  idAt(position: number): string {
    return this.ids[position];
  }

  get size(): number {
    return this.ids.length;
  }
}

/** A set of contact positions, one bit each: a million contacts take 125 KB per segment. */
export class MemberBits {
  private bits = new Uint8Array(1024);

  add(position: number): void {
    const byte = position >> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte] |= 1 << (position & 7);
  }

  has(position: number): boolean {
    const byte = position >> 3;
    return byte < this.bits.length && (this.bits[byte] & (1 << (position & 7))) !== 0;
  }

  *positions(): Iterable<number> {
    for (let byte = 0; byte < this.bits.length; byte++) {
      if (this.bits[byte] === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (this.bits[byte] & (1 << bit)) yield byte * 8 + bit;
    }
  }
}

export interface SegmentDrift {
  segmentId: string;
  name: string;
  /** Members a fresh evaluation of the contacts service's data gives. */
  expected: number;
  /** Member documents stored (what campaign services page through). */
  stored: number;
  missing: number;
  extra: number;
  /** Up to SAMPLE contact ids of each kind, to look at. */
  missingSample: string[];
  extraSample: string[];
}

export const SAMPLE = 20;

/**
 * Compares one segment's expected members with its stored ones. `stored` holds contact ids, since a
 * stored member may be a contact the contacts service no longer has. Calls `onDrift` with each
 * contact that is missing or extra.
 */
export async function segmentDrift(
  segment: { id: string; name: string },
  index: ContactIndex,
  expected: MemberBits,
  stored: Iterable<string> | AsyncIterable<string>,
  onDrift: (contactId: string) => void,
): Promise<SegmentDrift> {
  const drift: SegmentDrift = { segmentId: segment.id, name: segment.name, expected: 0, stored: 0, missing: 0, extra: 0, missingSample: [], extraSample: [] };
  const seen = new MemberBits();
  for await (const contactId of stored) {
    drift.stored += 1;
    const position = index.positionOf(contactId);
    if (position !== undefined) seen.add(position);
    if (position === undefined || !expected.has(position)) {
      drift.extra += 1;
      if (drift.extraSample.length < SAMPLE) drift.extraSample.push(contactId);
      onDrift(contactId);
    }
  }
  for (const position of expected.positions()) {
    drift.expected += 1;
    if (seen.has(position)) continue;
    const contactId = index.idAt(position);
    drift.missing += 1;
    if (drift.missingSample.length < SAMPLE) drift.missingSample.push(contactId);
    onDrift(contactId);
  }
  return drift;
}
