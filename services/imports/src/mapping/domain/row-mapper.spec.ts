import { parseTarget, resolveMapping } from './import-mapping';
import { MAX_CELL_LENGTH, mapRow } from './row-mapper';

const headers = ['Telefone', 'Nome', 'País', 'Etiquetas', 'Plano', 'Obs'];
const mapping = { Telefone: 'phone', Nome: 'firstName', 'País': 'country', Etiquetas: 'tags', Plano: 'custom:plan', Obs: 'ignore' };
const customFields = [{ key: 'plan', label: 'Plan' }];

describe('resolveMapping', () => {
  it('gives a target per column, ignoring the columns it does not name', () => {
    const resolved = resolveMapping(headers, { Telefone: 'phone', Plano: 'custom:plan' }, customFields);
    expect(resolved).toEqual({ ok: true, columns: [parseTarget('phone'), { kind: 'ignore' }, { kind: 'ignore' }, { kind: 'ignore' }, { kind: 'custom', key: 'plan' }, { kind: 'ignore' }] });
  });

  it('names every problem: missing column, unknown field, unknown custom field, a field twice, no phone', () => {
    const resolved = resolveMapping(headers, { Celular: 'phone', Nome: 'nickname', Plano: 'custom:tier', Etiquetas: 'firstName', Obs: 'firstName' }, customFields);
    expect(resolved.ok).toBe(false);
    const problems = resolved.ok ? [] : resolved.problems.map((p) => `${p.problem}:${p.column ?? ''}`);
    expect(problems.sort()).toEqual(['field-mapped-twice:Obs', 'phone-not-mapped:', 'unknown-column:Celular', 'unknown-custom-field:Plano', 'unknown-target:Nome']);
  });
});

describe('mapRow', () => {
  const resolved = resolveMapping(headers, mapping, customFields);
  const columns = resolved.ok ? resolved.columns : [];

  it('maps cells to contact fields, location, tags and custom fields; empty cells set nothing', () => {
    expect(mapRow([' +55 11 98765-4321 ', 'Ana', 'br', 'vip; winter, lead', 'gold', 'x'], headers, columns)).toEqual({
      ok: true,
      contact: { phone: '+55 11 98765-4321', firstName: 'Ana', location: { country: 'BR' }, tags: ['vip', 'winter', 'lead'], customFields: { plan: 'gold' } },
    });
    expect(mapRow(['+4915123456789', '', '', '', '', ''], headers, columns)).toEqual({ ok: true, contact: { phone: '+4915123456789' } });
  });

  it('rejects ragged rows, empty and spreadsheet-damaged phones, and oversized cells, with the column', () => {
    expect(mapRow(['+4915123456789', 'Ana'], headers, columns)).toMatchObject({ ok: false, code: 'ragged-row', reason: 'the row has 2 fields; the header has 6' });
    expect(mapRow(['', 'Ana', '', '', '', ''], headers, columns)).toMatchObject({ ok: false, code: 'phone-empty', column: 'Telefone' });
    expect(mapRow(['4.91512E+12', 'Ana', '', '', '', ''], headers, columns)).toMatchObject({ ok: false, code: 'phone-scientific-notation', column: 'Telefone' });
    expect(mapRow(['+4915123456789', 'A'.repeat(MAX_CELL_LENGTH + 1), '', '', '', ''], headers, columns)).toMatchObject({ ok: false, code: 'cell-too-long', column: 'Nome' });
  });
});
