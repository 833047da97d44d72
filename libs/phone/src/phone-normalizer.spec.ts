import { normalizePhone } from './phone-normalizer';

describe('normalizePhone', () => {
  it.each([
    ['+49 151 23456789', undefined, '+4915123456789'],
    ['0151 23456789', 'DE', '+4915123456789'],
    ['0049 151-234-56789', undefined, '+4915123456789'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['+44 7911 123456', 'DE', '+447911123456'],
  ])('%s (default %s) is %s', (input, country, e164) => {
    expect(normalizePhone(input, country)).toMatchObject({ ok: true, e164 });
  });

  it('keeps the number type', () => {
    expect(normalizePhone('+4915123456789')).toMatchObject({ type: 'MOBILE', country: 'DE' });
    expect(normalizePhone('+49 30 12345678')).toMatchObject({ type: 'FIXED_LINE' });
  });

  it.each([
    ['', 'DE', 'empty', 'empty'],
    ['hello', 'DE', 'not-a-number', 'not a number'],
    ['+49 15', undefined, 'too-short', 'too short'],
    ['+49 1512345678901234567', undefined, 'too-long', 'too long'],
    ['0151 23456789', undefined, 'no-country', 'no + country code'],
    ['+1 123 456 7890', undefined, 'invalid-for-region', 'not valid for its region'],
  ])('refuses %j (default %s) as %s, saying why', (input, country, problem, words) => {
    const result = normalizePhone(input, country);
    expect(result).toMatchObject({ ok: false, problem });
    expect(result.ok === false && result.reason).toContain(words);
  });

  it('keeps a mobile written in its retired form when its current form is a valid mobile', () => {
    expect(normalizePhone('+55 11 8765-4321')).toEqual({ ok: true, e164: '+551187654321', type: 'MOBILE', country: 'BR', modernForm: '+5511987654321' });
    expect(normalizePhone('+52 1 55 1234 5678')).toMatchObject({ ok: true, e164: '+5215512345678', modernForm: '+525512345678' });
    expect(normalizePhone('+55 11 1234-5678')).toMatchObject({ ok: false }); // no mobile was ever written so
  });
});
