/** What the first bytes of an upload tell about how to read it. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export interface DetectedEncoding {
  encoding: Encoding;
  /** Bytes to skip at the start (the byte order mark). */
  bomLength: number;
}

/**
 * Encoding from the byte order mark, else from the bytes: NULs in alternate positions mean UTF-16,
 * bytes that decode as strict UTF-8 mean UTF-8, anything else is read as Windows-1252 (which every
 * byte sequence is, so a legacy spreadsheet export never fails to open).
 */
export function detectEncoding(sample: Buffer): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const probe = sample.subarray(0, Math.min(sample.length, 4096));
  let evenNuls = 0;
  let oddNuls = 0;
  probe.forEach((byte, i) => {
    if (byte === 0) (i % 2 === 0 ? evenNuls++ : oddNuls++);
  });
  const half = probe.length / 2;
  if (oddNuls > half * 0.3 && evenNuls < half * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (evenNuls > half * 0.3 && oddNuls < half * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  try {
    // A multi-byte character cut at the end of the sample is not an error of the file.
    new TextDecoder('utf-8', { fatal: true }).decode(trimIncompleteUtf8(probe));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

function trimIncompleteUtf8(bytes: Buffer): Buffer {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  return bytes.subarray(0, end);
}

/** Counts each candidate delimiter per line, outside quotes, over the first lines of decoded text. */
export function detectDelimiter(text: string, maxLines = 50): Delimiter {
  const counts: Array<Record<Delimiter, number>> = [];
  let current = { ',': 0, ';': 0, '\t': 0, '|': 0 } as Record<Delimiter, number>;
  let quoted = false;
  for (let i = 0; i < text.length && counts.length < maxLines; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (char === '\r' && text[i + 1] === '\n') i++;
      counts.push(current);
      current = { ',': 0, ';': 0, '\t': 0, '|': 0 };
    } else if (!quoted && (DELIMITERS as string[]).includes(char)) current[char as Delimiter]++;
  }
  if (Object.values(current).some((n) => n > 0)) counts.push(current);
  const lines = counts.filter((c) => Object.values(c).some((n) => n > 0));
  if (lines.length === 0) return ',';
  // The best delimiter appears on every line, the same number of times; ties go to the most frequent.
  const score = (d: Delimiter) => {
    const perLine = lines.map((c) => c[d]);
    const header = perLine[0];
    const consistent = perLine.filter((n) => n === header && n > 0).length / lines.length;
    return consistent * 1000 + Math.min(header, 999);
  };
  return [...DELIMITERS].sort((a, b) => score(b) - score(a))[0];
}
