import { CustomFieldDefinition, validateCustomFields } from './custom-fields';

const definitions: CustomFieldDefinition[] = [
  { key: 'plan', label: 'Plan', type: 'enum', options: ['Gold', 'Silver'] },
  { key: 'seats', label: 'Seats', type: 'number' },
  { key: 'vip', label: 'VIP', type: 'boolean' },
  { key: 'renewal', label: 'Renewal', type: 'date' },
  { key: 'note', label: 'Note', type: 'text' },
];

describe('validateCustomFields', () => {
  it('coerces values to their types', () => {
    expect(validateCustomFields(definitions, { plan: 'gold', seats: '12', vip: 'yes', renewal: '2027-01-31', note: 'hi' })).toEqual({
      ok: true,
      values: { plan: 'Gold', seats: 12, vip: true, renewal: '2027-01-31', note: 'hi' },
    });
    expect(validateCustomFields(definitions, { note: null })).toEqual({ ok: true, values: { note: null } });
  });

  it('names every bad or unknown field', () => {
    const result = validateCustomFields(definitions, { plan: 'Bronze', seats: 'many', renewal: '31/01/2027', shoe: 42 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: 'customFields.plan', messages: ['Plan must be one of Gold, Silver'] },
      { field: 'customFields.seats', messages: ['Seats must be a number'] },
      { field: 'customFields.renewal', messages: ['Renewal must be a date (YYYY-MM-DD)'] },
      { field: 'customFields.shoe', messages: ['is not a custom field of this tenant'] },
    ]);
  });
});
