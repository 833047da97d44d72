import { resolveMapping } from '../../mapping/domain/import-mapping';
import { columnOf, prepareChunk, rejectionCode, splitInFileDuplicates } from './chunk-outcome';

const headers = ['Mobile', 'Name', 'Plan'];
const resolved = resolveMapping(headers, { Mobile: 'phone', Name: 'firstName', Plan: 'custom:plan' }, [{ key: 'plan', label: 'Plan' }]);
const columns = resolved.ok ? resolved.columns : [];

describe('prepareChunk', () => {
  it('normalizes phones against the default country and rejects what cannot be a phone, with the row and column', () => {
    const rows = [
      { record: 2, cells: ['(11) 98765-4321', 'Ana', 'gold'] },
      { record: 3, cells: ['12', 'Bo', ''] },
      { record: 4, cells: ['4.91512E+12', 'Cy', ''] },
      { record: 5, cells: ['', 'Di', ''] },
    ];
    const { candidates, rejections } = prepareChunk(rows, headers, columns, 'BR');
    expect(candidates).toEqual([{ source: rows[0], phone: '+5511987654321', contact: { phone: '+5511987654321', firstName: 'Ana', customFields: { plan: 'gold' } } }]);
    expect(rejections.map((r) => [r.source.record, r.code, r.column])).toEqual([
      [3, 'phone-invalid', 'Mobile'],
      [4, 'phone-scientific-notation', 'Mobile'],
      [5, 'phone-empty', 'Mobile'],
    ]);
  });
});

describe('splitInFileDuplicates', () => {
  it('keeps a row that is its phone\'s first (also when asked again after a crash) and rejects later ones', () => {
    const { candidates } = prepareChunk([{ record: 2, cells: ['+4915123456789', 'A', ''] }, { record: 9, cells: ['+4915123456789', 'B', ''] }], headers, columns, null);
    const { unique, duplicates } = splitInFileDuplicates(candidates, [2, 2], headers, columns);
    expect(unique.map((c) => c.source.record)).toEqual([2]);
    expect(duplicates).toMatchObject([{ code: 'duplicate-in-file', column: 'Mobile', reason: 'the phone +4915123456789 is already in row 2 of this file' }]);
  });
});

describe('rejection codes and columns', () => {
  it('names contacts-side rejections by a key-safe code and finds their column', () => {
    expect(rejectionCode({ row: 0, status: 'rejected', reason: 'plan limit of 10 contacts reached' })).toBe('plan-limit');
    expect(rejectionCode({ row: 0, status: 'rejected', reason: 'customFields.plan: must be one of a, b', field: 'customFields.plan' })).toBe('invalid-customFields-plan');
    expect(columnOf(headers, columns, 'customFields.plan')).toBe('Plan');
    expect(columnOf(headers, columns, 'email')).toBe('');
  });
});
