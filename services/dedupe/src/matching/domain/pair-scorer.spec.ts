import { MatchableContact, scorePair } from './pair-scorer';

const contact = (patch: Partial<MatchableContact>): MatchableContact => ({
  id: 'x', phone: '+5511987654321', firstName: null, lastName: null, email: null, company: null, location: { country: null, city: null }, tags: [], ...patch,
});

describe('scorePair', () => {
  it('sees one mobile written two ways plus the same name as one person, and says why', () => {
    const pair = scorePair(
      contact({ phone: '+551187654321', firstName: 'Bob', lastName: 'Souza' }),
      contact({ phone: '+5511987654321', firstName: 'Robert', lastName: 'Souza' }),
    );
    expect(pair.score).toBeGreaterThanOrEqual(0.9);
    expect(pair.features.map((f) => f.feature)).toEqual(['phone-variant', 'name']);
    expect(pair.features[0].detail).toContain('one line');
  });

  it('matches the same mailbox behind another phone', () => {
    const pair = scorePair(
      contact({ phone: '+4915111111111', email: 'ana.maria+shop@gmail.com', firstName: 'Ana', lastName: 'Maria' }),
      contact({ phone: '+4915122222222', email: 'AnaMaria@googlemail.com', firstName: 'Ana', lastName: 'Maria' }),
    );
    expect(pair.score).toBe(0.9);
  });

  it('finds a typo in a name at the same company, and keeps strangers apart', () => {
    const typo = scorePair(
      contact({ phone: '+4915111111111', firstName: 'Jürgen', lastName: 'Schmidt', company: 'ACME GmbH', location: { country: 'DE', city: 'Berlin' } }),
      contact({ phone: '+4915122222222', firstName: 'Jurgen', lastName: 'Schmitt', company: 'Acme GmbH', location: { country: 'DE', city: 'berlin' } }),
    );
    expect(typo.score).toBeGreaterThanOrEqual(0.55);
    expect(typo.features.map((f) => f.feature)).toEqual(['name', 'company', 'location']);
    const strangers = scorePair(
      contact({ phone: '+4915111111111', firstName: 'Anna', lastName: 'Becker' }),
      contact({ phone: '+4915122222222', firstName: 'Paul', lastName: 'Weber' }),
    );
    expect(strangers).toEqual({ score: 0, features: [] });
  });
});
