import { comparatorsFor, prepareContact } from './evidence';
import { fitModel, levelWeight, matchProbability, pairWeight, priorModel, weighPair, weightFloor } from './fellegi-sunter';

describe('Fellegi–Sunter model', () => {
  const comparators = comparatorsFor([]);
  const field = (name: string) => comparators.findIndex((c) => c.field === name);

  it('learns from a tenant\'s pairs how often matches agree, with u from random pairs', () => {
    // Compared pairs: 80 % matches agreeing on names and birth date, 20 % non-matches agreeing on the last name only.
    const vector = (first: number, last: number, birth: number) => comparators.map((_, f) => (f === field('firstName') ? first : f === field('lastName') ? last : f === field('birthDate') ? birth : f === field('phone') ? 1 : null));
    const compared = [...Array(800).fill(vector(0, 0, 0)), ...Array(200).fill(vector(3, 0, 3))].map((levels) => ({ levels, rule: 0 }));
    // At random, one pair in twenty shares a last name.
    const random = [...Array(4750).fill(vector(3, 3, 3)), ...Array(250).fill(vector(3, 0, 3))];
    const model = fitModel({ comparators, compared, ruleFields: [[]], comparedTotal: 1000, possiblePairs: 100_000, random, lastNames: [] });
    expect(model.prior).toBeCloseTo(0.008, 2);
    const probability = (levels: Array<number | null>) =>
      matchProbability(model.prior, comparators.reduce((w, c, f) => (levels[f] === null ? w : w + levelWeight(model.fields[c.field], levels[f]!)), 0));
    expect(probability(vector(0, 0, 0))).toBeGreaterThan(0.99);
    expect(probability(vector(3, 0, 3))).toBeLessThan(0.05);
    expect(model.fields.birthDate.m[0]).toBeGreaterThan(model.fields.birthDate.m[3]);
  });

  it('weighs agreement on a rare last name more than on a common one', () => {
    const model = { ...priorModel(comparators), lastNameFrequency: { silva: 0.1, quilliam: 0.0002 } };
    const weightOf = (last: string) => weighPair(model, comparators, prepareContact({ id: 'a', phone: '+4915111111111', firstName: 'Ana', lastName: last, email: null, company: null, city: null, birthDate: null, fields: {} }, []),
      prepareContact({ id: 'b', phone: '+4915122222222', firstName: 'Ana', lastName: last, email: null, company: null, city: null, birthDate: null, fields: {} }, [])).find((l) => l.field === 'lastName')!.weight;
    expect(weightOf('Quilliam')).toBeGreaterThan(weightOf('Silva') + 5);
  });

  it('stops weighing a pair only when the fields left cannot lift it to the threshold', () => {
    const model = { ...priorModel(comparators), prior: 1e-6, lastNameFrequency: { quilliam: 1e-6 } };
    const floor = weightFloor(model.prior, 0.6);
    const names = ['Ana', 'Anna', 'Quilliam', 'Silva', 'Souza', ''];
    const dates = ['1980-04-07', '1980-07-04', '1980-04-08', '1991-12-30', null];
    const contacts = names.flatMap((first, i) => names.flatMap((last, j) => dates.map((birthDate, k) =>
      prepareContact({ id: `${i}${j}${k}`, phone: `+49151${i}${j}${k}00000`, firstName: first, lastName: last, email: null, company: null, city: k % 2 ? 'Porto' : null, birthDate, fields: {} }, []))));
    let decided = 0;
    for (const a of contacts) {
      for (const b of contacts) {
        const full = weighPair(model, comparators, a, b).reduce((sum, l) => sum + l.weight, 0);
        const bounded = pairWeight(model, comparators, a, b, floor);
        expect(bounded >= floor).toBe(full >= floor);
        if (bounded >= floor) expect(bounded).toBeCloseTo(full, 9);
        decided += Number(full >= floor);
      }
    }
    expect(decided).toBeGreaterThan(contacts.length);
  });
});
