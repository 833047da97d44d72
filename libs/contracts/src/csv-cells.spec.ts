import { guardFormula, unguardFormula } from './csv-cells';

describe('formula guard of CSV cells', () => {
  it('guards what a spreadsheet would run, and leaves numbers and phone numbers alone', () => {
    for (const formula of ['=1+1', '@SUM(A1)', '+cmd|/C calc!A0', '-2+3+cmd', '\t=x', "=HYPERLINK(\"x\")"]) expect(guardFormula(formula)).toBe(`'${formula}`);
    for (const plain of ['+447911123460', '+44 (0) 7911 123-460', '-12.5', 'Anna', "O'Brien", '']) expect(guardFormula(plain)).toBe(plain);
  });

  it('takes the guard off again on import, and only the guard', () => {
    for (const value of ['=1+1', '+cmd|/C calc!A0', '+447911123460', "'quoted", "O'Brien"]) expect(unguardFormula(guardFormula(value))).toBe(value);
    expect(unguardFormula("'+447911123460")).toBe("'+447911123460");
  });
});
