import { DetectedEncoding, detectEncoding } from './csv-dialect';

export type SniffResult = { ok: true; encoding: DetectedEncoding } | { ok: false; problem: 'empty-file' | 'not-csv'; reason: string };

const SIGNATURES: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an Excel .xlsx workbook is one: save it as CSV)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Office document (an Excel .xls workbook: save it as CSV)' },
];

/**
 * Looks at the first bytes of an upload: refuses what is plainly not text (archives, images,
 * documents, binary data) with what it is, and tells the encoding of what is.
 */
export function sniffFile(head: Buffer): SniffResult {
  if (head.length === 0) return { ok: false, problem: 'empty-file', reason: 'the file is empty' };
  for (const { bytes, what } of SIGNATURES) {
    if (bytes.every((b, i) => head[i] === b)) return { ok: false, problem: 'not-csv', reason: `the file is not a CSV: it is ${what}` };
  }
  const encoding = detectEncoding(head);
  if (encoding.encoding === 'utf-8' || encoding.encoding === 'windows-1252') {
    const probe = head.subarray(encoding.bomLength, Math.min(head.length, 8192));
    const control = probe.filter((b) => b === 0 || (b < 0x09) || (b > 0x0d && b < 0x20 && b !== 0x1b)).length;
    if (control > probe.length * 0.01) {
      return { ok: false, problem: 'not-csv', reason: 'the file is not a CSV: it holds binary data' };
    }
  }
  return { ok: true, encoding };
}
