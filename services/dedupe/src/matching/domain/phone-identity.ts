/**
 * One mobile can be written several ways that are all "valid" E.164 strings: Brazil's mobiles with
 * and without the 9th digit, Mexico's with and without the old `1` after +52, Argentina's with and
 * without the `9` after +54, and numbers that kept the national trunk `0` after the country code.
 * `phoneIdentity` maps each of them to one canonical form, so the variants meet in one block.
 */
export function phoneIdentity(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  const rule = RULES.find((r) => digits.startsWith(r.country));
  const national = rule ? digits.slice(rule.country.length) : digits;
  const canonical = rule ? rule.canonical(national) : national;
  return `+${rule?.country ?? ''}${canonical}`;
}

/** Whether two numbers are one line written two ways (and not simply the same string). */
export function isPhoneVariant(a: string, b: string): boolean {
  return a !== b && phoneIdentity(a) === phoneIdentity(b);
}

interface CountryRule {
  country: string;
  canonical(national: string): string;
}

/** A trunk `0` written after the country code is never part of the number in these countries. */
const TRUNK_ZERO = ['44', '49', '33', '31', '32', '41', '43', '61', '64', '81', '82', '86', '90', '91', '92', '234', '254', '27', '351', '34'];

const withoutTrunkZero = (national: string) => national.replace(/^0+/, '');

const RULES: CountryRule[] = [
  {
    // Brazil: area code (2 digits) + subscriber. Mobiles gained a leading 9 (8 → 9 digits); an
    // 8-digit subscriber starting 6–9 is a mobile written the old way.
    country: '55',
    canonical: (raw: string) => {
      const national = withoutTrunkZero(raw);
      const area = national.slice(0, 2);
      const subscriber = national.slice(2);
      if (subscriber.length === 8 && /^[6-9]/.test(subscriber)) return `${area}9${subscriber}`;
      return national;
    },
  },
  {
    // Mexico: mobiles were dialled +52 1 + 10 digits until 2019; now +52 + 10 digits.
    country: '52',
    canonical: (raw: string) => {
      const national = withoutTrunkZero(raw);
      return national.length === 11 && national.startsWith('1') ? national.slice(1) : national;
    },
  },
  {
    // Argentina: mobiles are +54 9 + area + number; the 9 is often left out, and a local `15`
    // after the area code is sometimes kept. Canonical: with the 9, without 15.
    country: '54',
    canonical: (raw: string) => {
      let national = withoutTrunkZero(raw);
      if (national.startsWith('9')) national = national.slice(1);
      const fifteen = /^(\d{2,4})15(\d{6,8})$/.exec(national);
      if (fifteen && fifteen[1].length + fifteen[2].length === 10) national = fifteen[1] + fifteen[2];
      return national.length === 10 ? `9${national}` : national;
    },
  },
  ...TRUNK_ZERO.map((country) => ({ country, canonical: withoutTrunkZero })),
].sort((a, b) => b.country.length - a.country.length);
