const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Counts the records of a CSV as its bytes stream by: line ends outside quoted cells, plus a last
 * line without one. Byte-wise, so it holds for UTF-8, Latin-1 and UTF-16 alike (their quote and
 * line feed bytes are not part of other characters). Blank lines count too: it is the measure of
 * progress, not of the rows stored.
 */
export class RecordCounter {
  private lineEnds = 0;
  private inQuotes = false;
  private lastByte = NEWLINE;

  add(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) this.inQuotes = !this.inQuotes;
      else if (byte === NEWLINE && !this.inQuotes) this.lineEnds++;
    }
    if (chunk.length) this.lastByte = chunk[chunk.length - 1];
  }

  /** Records after the header line. */
  get dataRows(): number {
    const records = this.lineEnds + (this.lastByte === NEWLINE ? 0 : 1);
    return Math.max(records - 1, 0);
  }
}
