import { TenantRules, changedFields, resolveContactFields } from './contact-input';

const tenant: TenantRules = {
  defaultCountry: 'DE',
  requiredFields: [],
  customFields: [{ key: 'plan', label: 'Plan', type: 'enum', options: ['Gold'] }],
  leadSources: ['partner'],
};

describe('resolveContactFields', () => {
  it('normalizes a new contact', () => {
    const result = resolveContactFields(
      { phone: '0151 23456789', firstName: ' Anna ', email: 'Anna@Example.com', tags: ['VIP', 'vip'], leadSource: 'Partner', customFields: { plan: 'gold' }, location: { country: 'de' } },
      tenant,
    );
    expect(result).toMatchObject({
      ok: true,
      fields: { phone: '+4915123456789', phoneType: 'MOBILE', firstName: 'Anna', email: 'anna@example.com', tags: [{ key: 'vip', label: 'VIP' }], leadSource: 'partner', customFields: { plan: 'Gold' }, location: { country: 'DE', city: null }, status: 'active' },
    });
  });

  it('reports every failing field, with tenant-required ones', () => {
    const result = resolveContactFields({ phone: '12', leadSource: 'tv', customFields: { shoe: 1 } }, { ...tenant, requiredFields: ['firstName'] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['phone', 'leadSource', 'customFields.shoe', 'firstName']);
  });

  it('patches only what is given, clears with null, and reports what changed', () => {
    const created = resolveContactFields({ phone: '+4915123456789', firstName: 'Anna', customFields: { plan: 'Gold' } }, tenant);
    if (!created.ok) throw new Error('setup');
    const patched = resolveContactFields({ company: 'ACME', customFields: { plan: null } }, tenant, created.fields);
    if (!patched.ok) throw new Error('patch');
    expect(patched.fields).toMatchObject({ firstName: 'Anna', company: 'ACME', customFields: {} });
    expect(changedFields(created.fields, patched.fields)).toEqual(['company', 'customFields']);
  });
});
