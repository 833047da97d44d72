/**
 * Dense ids for pairs of non-negative integers, in the order they were first seen. Held in typed
 * arrays with an open-addressing index: a large tenant's scan keys millions of blocks and pairs,
 * which as Maps of strings or a Set of numbers would cost seconds of hashing and allocation.
 */
export class IntPairIndex {
  size = 0;
  first: Int32Array;
  second: Int32Array;
  /** Slot → id + 1 (0: empty). */
  private slots: Int32Array;

  /** Sized for `expected` pairs up front: each growth is a new buffer, and large buffers bring on full collections. */
  constructor(expected = 1024) {
    this.first = new Int32Array(expected);
    this.second = new Int32Array(expected);
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(expected * 2 + 2)));
  }

  /** Empties the index, keeping its buffers for the next use. */
  clear(): void {
    this.size = 0;
    this.slots.fill(0);
  }

  /** The pair's id; a new pair takes the next one (`size` grows). */
  idOf(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let slot = slotOf(a, b, mask);
    for (let held = this.slots[slot]; held !== 0; held = this.slots[slot]) {
      if (this.first[held - 1] === a && this.second[held - 1] === b) return held - 1;
      slot = (slot + 1) & mask;
    }
    if (this.size === this.first.length) {
      this.first = grown(this.first);
      this.second = grown(this.second);
    }
    const id = this.size++;
    this.first[id] = a;
    this.second[id] = b;
    this.slots[slot] = id + 1;
    if (this.size * 2 > this.slots.length) this.reindex();
    return id;
  }

  private reindex(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = slotOf(this.first[id], this.second[id], mask);
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}

const slotOf = (a: number, b: number, mask: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;

/** A copy twice as long. */
export function grown<T extends Int32Array | Uint8Array>(from: T): T {
  const to = new (from.constructor as new (length: number) => T)(from.length * 2);
  to.set(from);
  return to;
}

/** Pairs of contact indexes (x < y), each kept once with the rule that brought it first. */
export class PairList {
  private readonly index: IntPairIndex;
  private rules: Uint8Array;

  constructor(expected = 1024) {
    this.index = new IntPairIndex(expected);
    this.rules = new Uint8Array(expected);
  }

  get length(): number {
    return this.index.size;
  }

  x(i: number): number {
    return this.index.first[i];
  }

  y(i: number): number {
    return this.index.second[i];
  }

  rule(i: number): number {
    return this.rules[i];
  }

  /** Adds the pair unless it is already in; says whether it was added. */
  add(x: number, y: number, rule: number): boolean {
    const size = this.index.size;
    const id = this.index.idOf(x, y);
    if (id < size) return false;
    if (id === this.rules.length) this.rules = grown(this.rules);
    this.rules[id] = rule;
    return true;
  }
}
