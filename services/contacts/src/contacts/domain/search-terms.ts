/**
 * Search without scans: each contact stores a few index terms (words of its name, company and email,
 * and every suffix of its phone digits); a keyword becomes prefix ranges over those terms, which an
 * index on `searchTerms` serves. A digit run matches anywhere in the number because some suffix
 * starts with it.
 */
const WORD = 'w:';
const DIGITS = 'd:';
const END = '\uffff';

function words(text: string | null | undefined): string[] {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
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
  for (const w of [...words(contact.firstName), ...words(contact.lastName), ...words(contact.company), ...words(contact.email)]) {
    terms.add(WORD + w);
  }
  if (contact.email) terms.add(WORD + contact.email.toLowerCase());
  const digits = contact.phone.replace(/\D/g, '');
  for (let i = 0; i <= digits.length - 3; i++) terms.add(DIGITS + digits.slice(i));
  return [...terms];
}

export interface TermRange {
  $gte: string;
  $lt: string;
}

/** One range per keyword part; a contact matches when it has a term in every range. */
export function keywordRanges(keyword: string): TermRange[] {
  const trimmed = keyword.trim();
  if (!trimmed) return [];
  const compactDigits = trimmed.replace(/[\s+()\-./]/g, '');
  if (/^\d{3,}$/.test(compactDigits)) return [{ $gte: DIGITS + compactDigits, $lt: DIGITS + compactDigits + END }];
  if (trimmed.includes('@')) {
    const email = trimmed.toLowerCase();
    return [{ $gte: WORD + email, $lt: WORD + email + END }];
  }
  return words(trimmed).map((w) => ({ $gte: WORD + w, $lt: WORD + w + END }));
}
