import { CountryCode, ParseError, isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js/max';

export type PhoneProblem = 'empty' | 'not-a-number' | 'too-short' | 'too-long' | 'invalid-country' | 'invalid-for-region' | 'no-country';

export type PhoneResult =
  | { ok: true; e164: string; type: string | null; country: string | null; /** Set when written in an older form of this line. */ modernForm?: string }
  | { ok: false; problem: PhoneProblem; reason: string };

const reasons: Record<PhoneProblem, string> = {
  empty: 'the phone number is empty',
  'not-a-number': 'the phone number is not a number',
  'too-short': 'the phone number is too short',
  'too-long': 'the phone number is too long',
  'invalid-country': 'the phone number has an unknown country code',
  'invalid-for-region': 'the phone number is not valid for its region',
  'no-country': 'the phone number has no + country code and no default country applies',
};

const parseErrors: Record<string, PhoneProblem> = {
  NOT_A_NUMBER: 'not-a-number',
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_COUNTRY: 'invalid-country',
  INVALID_LENGTH: 'too-short',
};

function fail(problem: PhoneProblem): PhoneResult {
  return { ok: false, problem, reason: reasons[problem] };
}

/**
 * Turns what a person typed into the contact's identity: E.164, validated against the numbering plan
 * of its country (from `+…`, else the default country), with its type (MOBILE, FIXED_LINE, …).
 */
export function normalizePhone(input: string | number | null | undefined, defaultCountry?: string | null): PhoneResult {
  const text = String(input ?? '').trim();
  if (!text) return fail('empty');
  // International prefix 00 is as good as +.
  const candidate = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const country = defaultCountry && isSupportedCountry(defaultCountry.toUpperCase()) ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  if (!candidate.startsWith('+') && !country) return fail('no-country');
  try {
    const parsed = parsePhoneNumberWithError(candidate, country);
    if (!parsed.isValid()) {
      const legacy = legacyMobile(parsed.number);
      if (legacy) return legacy;
      return fail(parsed.isPossible() ? 'invalid-for-region' : 'too-short');
    }
    return { ok: true, e164: parsed.number, type: parsed.getType() ?? null, country: parsed.country ?? null };
  } catch (error) {
    if (error instanceof ParseError) return fail(parseErrors[error.message] ?? 'not-a-number');
    throw error;
  }
}

/**
 * Mobiles in a form their country has retired but customer lists still hold: Brazil's without the
 * 9th digit, Mexico's with the old `1` after +52, and a national trunk `0` kept after the country
 * code. They are kept as written (they are what the tenant has, and the dedupe service links them
 * to the current form), when the current form of the same line is a valid mobile.
 */
function legacyMobile(e164: string): PhoneResult | null {
  const modern = [
    /^\+55(\d{2})([6-9]\d{7})$/.test(e164) ? e164.replace(/^\+55(\d{2})/, '+55$19') : null,
    /^\+521\d{10}$/.test(e164) ? `+52${e164.slice(4)}` : null,
    /^\+(44|49|33|39|61)0\d+$/.test(e164) ? e164.replace(/^\+(\d{2})0/, '+$1') : null,
  ].find((n): n is string => n !== null);
  if (!modern) return null;
  try {
    const current = parsePhoneNumberWithError(modern);
    const type = current.getType();
    if (!current.isValid() || (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE')) return null;
    return { ok: true, e164, type: 'MOBILE', country: current.country ?? null, modernForm: current.number };
  } catch {
    return null;
  }
}
