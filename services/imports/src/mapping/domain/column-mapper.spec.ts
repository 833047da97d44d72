import { normalizeHeader, suggestMapping } from './column-mapper';
import { spreadsheetDamage } from './phone-cell';

describe('suggestMapping', () => {
  it('recognises header names in several languages', () => {
    expect(suggestMapping(['Telefone', 'Nome', 'Sobrenome', 'E-Mail', 'Empresa', 'Cidade'])).toEqual([
      { kind: 'field', field: 'phone' },
      { kind: 'field', field: 'firstName' },
      { kind: 'field', field: 'lastName' },
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'company' },
      { kind: 'field', field: 'city' },
    ]);
    expect(suggestMapping(['Handynummer', 'Vorname', 'Teléfono', 'WhatsApp', 'First name', 'Mobile'])).toEqual([
      { kind: 'field', field: 'phone' },
      { kind: 'field', field: 'firstName' },
      { kind: 'ignore' },
      { kind: 'ignore' },
      { kind: 'ignore' },
      { kind: 'ignore' },
    ]);
  });

  it("prefers the tenant's custom fields, maps tags, and ignores the unknown", () => {
    expect(suggestMapping(['Phone', 'Plan', 'Labels', 'Favourite colour'], [{ key: 'plan', label: 'Subscription plan' }])).toEqual([
      { kind: 'field', field: 'phone' },
      { kind: 'custom', key: 'plan' },
      { kind: 'tags' },
      { kind: 'ignore' },
    ]);
  });

  it('normalizes accents, case and punctuation', () => {
    expect(normalizeHeader(' Número de Teléfono ')).toBe('numerodetelefono');
  });
});

describe('spreadsheetDamage', () => {
  it('names scientific notation and lets real numbers pass', () => {
    expect(spreadsheetDamage('4.91512E+12')).toMatch(/scientific notation by a spreadsheet \(4\.91512E\+12\)/);
    expect(spreadsheetDamage('5,51199E+12')).toBeDefined();
    expect(spreadsheetDamage('+49 151 23456789')).toBeUndefined();
  });
});
