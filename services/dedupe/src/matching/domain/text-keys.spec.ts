import { foldText, givenName, mailboxOf, soundKey } from './text-keys';

describe('text keys', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldText("  José  d'Ávila ")).toBe('jose d avila');
    expect(foldText(null)).toBe('');
  });

  it('finds the mailbox an address delivers to', () => {
    expect(mailboxOf('Ana.Maria+promo@GoogleMail.com')).toBe('anamaria@gmail.com');
    expect(mailboxOf('ana+news@outlook.com')).toBe('ana@outlook.com');
    expect(mailboxOf('ana.maria+x@example.com')).toBe('ana.maria+x@example.com');
    expect(mailboxOf('not-an-email')).toBeNull();
    expect(mailboxOf(null)).toBeNull();
  });

  it('knows nicknames and how names sound', () => {
    expect(givenName('Bob')).toBe('robert');
    expect(givenName('Zé')).toBe('jose');
    expect(soundKey('Schmidt')).toBe(soundKey('Schmitt'));
    expect(soundKey('Sousa')).toBe(soundKey('Souza'));
    expect(soundKey('Silva')).not.toBe(soundKey('Santos'));
  });
});
