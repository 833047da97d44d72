import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

const DOT = '•';

/** `+44 7700 900123` → `+44 •••• •••123`: country code and last three digits stay readable. */
export function maskPhone(e164: string): string {
  let formatted: string;
  let countryCode: string;
  try {
    const parsed = parsePhoneNumberWithError(e164);
    formatted = parsed.formatInternational();
    countryCode = `+${parsed.countryCallingCode}`;
  } catch {
    formatted = e164;
    countryCode = e164.slice(0, 3);
  }
  const rest = formatted.slice(countryCode.length);
  const digits = rest.replace(/\D/g, '').length;
  let seen = 0;
  const masked = rest.replace(/\d/g, (d) => (++seen > digits - 3 ? d : DOT));
  return countryCode + masked;
}

/** `anna.schmidt@example.com` → `a•••@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return DOT.repeat(3);
  return `${email[0]}${DOT.repeat(3)}${email.slice(at)}`;
}
