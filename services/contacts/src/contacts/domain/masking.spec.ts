import { maskEmail, maskPhone } from './masking';

describe('masking', () => {
  it('keeps only the country code and the last three digits of a phone', () => {
    expect(maskPhone('+447700900123')).toBe('+44 •••• •••123');
    expect(maskPhone('+4915123456789')).toBe('+49 •••• ••••789');
  });

  it('keeps the first letter and the domain of an email', () => {
    expect(maskEmail('anna.schmidt@example.com')).toBe('a•••@example.com');
    expect(maskEmail('broken')).toBe('•••');
  });
});
