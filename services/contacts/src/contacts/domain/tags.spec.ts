import { changeTags, normalizeTags, tagKey } from './tags';

describe('tags', () => {
  it('treats VIP, " vip " and Vip as one tag, keeping the first display form', () => {
    expect(normalizeTags(['VIP', ' vip ', 'Vip', 'Winter  Sale'])).toEqual([
      { key: 'vip', label: 'VIP' },
      { key: 'winter sale', label: 'Winter Sale' },
    ]);
    expect(tagKey('  Winter\tSALE ')).toBe('winter sale');
  });

  it('reports only real additions and removals', () => {
    const current = normalizeTags(['VIP', 'lead']);
    expect(changeTags(current, ['vip', 'New'], ['LEAD', 'absent'])).toEqual({
      tags: [{ key: 'vip', label: 'VIP' }, { key: 'new', label: 'New' }],
      added: ['New'],
      removed: ['lead'],
    });
  });
});
