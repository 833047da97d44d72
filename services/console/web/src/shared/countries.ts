import { getCountries } from 'libphonenumber-js/max';

const names = new Intl.DisplayNames(['en'], { type: 'region' });

/** Every country a phone can belong to, as [ISO code, "DE — Germany"], by code. */
export const COUNTRIES: Array<[string, string]> = getCountries()
  .slice()
  .sort()
  .map((code) => [code, `${code} — ${names.of(code) ?? code}`]);
