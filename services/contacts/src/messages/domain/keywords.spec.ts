import { DEFAULT_KEYWORDS, matchKeyword, normalizeKeyword } from './keywords';

describe('consent keywords', () => {
  it('match a whole message after folding case, accents, punctuation, emoji and spaces', () => {
    for (const text of ['STOP', 'stop', ' Stop! ', 'stop.', '🛑 STOP 🛑', 'Arrêt', 'ARRET', 'parar', 'Baja.', 'stop  all']) {
      expect(matchKeyword(text, DEFAULT_KEYWORDS)?.kind).toBe('opt-out');
    }
    expect(matchKeyword('START', DEFAULT_KEYWORDS)).toEqual({ kind: 'opt-in', keyword: 'START', language: 'en' });
  });

  it('never act on a sentence that merely contains a keyword, nor on an empty or symbol-only message', () => {
    for (const text of ["don't stop", 'please stop sending offers', 'stop?? no wait, keep going', 'nonstop', 'bus stop 5', '', '!!!', '🛑', 'stopp it']) {
      expect(matchKeyword(text, DEFAULT_KEYWORDS)).toBeNull();
    }
  });

  it('lets an opt-out win when a word is an opt-out in one language and an opt-in in another', () => {
    expect(matchKeyword('stop', [{ language: 'xx', optOut: [], optIn: ['STOP'] }, { language: 'en', optOut: ['STOP'], optIn: [] }])?.kind).toBe('opt-out');
  });

  it('normalizes the same way for keywords and messages', () => {
    expect(normalizeKeyword('  Désabonner!! ')).toBe('desabonner');
    expect(normalizeKeyword('DARME   DE\tBAJA')).toBe('darme de baja');
  });
});
