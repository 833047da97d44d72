import { isPhoneVariant, phoneIdentity } from './phone-identity';

describe('phoneIdentity', () => {
  it.each([
    ['Brazil without the 9th digit', '+551187654321', '+5511987654321'],
    ['Mexico with the old 1', '+5215512345678', '+525512345678'],
    ['Argentina without the 9', '+541123456789', '+5491123456789'],
    ['Argentina with a local 15', '+54111523456789', '+5491123456789'],
    ['a trunk 0 kept in the UK', '+4407911123456', '+447911123456'],
    ['a trunk 0 kept in Germany', '+49015112345678', '+4915112345678'],
  ])('joins %s', (_what, variant, canonical) => {
    expect(phoneIdentity(variant)).toBe(phoneIdentity(canonical));
    expect(isPhoneVariant(variant, canonical)).toBe(true);
  });

  it.each([
    ['a Brazilian landline (8 digits from 2 to 5)', '+551133334444', '+5511933334444'],
    ['two different Brazilian mobiles', '+5511987654321', '+5511987654322'],
    ['the same digits in another country', '+447911123456', '+497911123456'],
    ['an Italian landline, whose 0 belongs to the number', '+390612345678', '+39612345678'],
  ])('keeps %s apart', (_what, a, b) => {
    expect(isPhoneVariant(a, b)).toBe(false);
  });

  it('leaves a canonical number as it is, and a number is not its own variant', () => {
    expect(phoneIdentity('+5511987654321')).toBe('+5511987654321');
    expect(phoneIdentity('+14155550100')).toBe('+14155550100');
    expect(isPhoneVariant('+5511987654321', '+5511987654321')).toBe(false);
  });
});
