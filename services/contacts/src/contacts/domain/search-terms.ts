/**
 * Search without scans: each contact stores index terms, and a keyword becomes terms that must all
 * be present (`$all`, served by the multikey index on `searchTerms`). Exact terms rather than ranges:
 * a range over an array may be satisfied by two different elements, and `$elemMatch` is not served
 * by every MongoDB-compatible server.
 *   words (names, company, email parts): every prefix of 2 to 10 characters, so "mull" finds Müller;
 *   phone digits: every 3-digit and 5-digit run, so any run of digits narrows the candidates, and a
 *   regex over the E.164 number (on those candidates only) makes the match exact.
 */
const WORD = 'w:';
const SHORT_RUN = 'd3:';
const LONG_RUN = 'd5:';
const MAX_PREFIX = 10;

function words(text: string | null | undefined): string[] {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function runs(digits: string, length: number): string[] {
  return Array.from({ length: Math.max(0, digits.length - length + 1) }, (_, i) => digits.slice(i, i + length));
}

export interface SearchableContact {
  phone: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  company?: string | null;
}

export function searchTerms(contact: SearchableContact): string[] {
  const terms = new Set<string>();
  for (const word of [...words(contact.firstName), ...words(contact.lastName), ...words(contact.company), ...words(contact.email)]) {
    for (let n = 2; n <= Math.min(word.length, MAX_PREFIX); n++) terms.add(WORD + word.slice(0, n));
  }
  const digits = contact.phone.replace(/\D/g, '');
  for (const run of runs(digits, 3)) terms.add(SHORT_RUN + run);
  for (const run of runs(digits, 5)) terms.add(LONG_RUN + run);
  return [...terms];
}

export interface KeywordQuery {
  /** Terms a contact must all have. */
  terms: string[];
  /** For a digit keyword: digits the E.164 number must contain. */
  phoneDigits?: string;
}

export function keywordQuery(keyword: string): KeywordQuery {
  const trimmed = keyword.trim();
  const digits = trimmed.replace(/[\s+()\-./]/g, '');
  if (/^\d{3,}$/.test(digits)) {
    return { terms: [digits.length >= 5 ? LONG_RUN + digits.slice(0, 5) : SHORT_RUN + digits.slice(0, 3)], phoneDigits: digits };
  }
  const prefixes = words(trimmed).filter((w) => w.length >= 2).map((w) => WORD + w.slice(0, MAX_PREFIX));
  return { terms: [...new Set(prefixes)] };
}
