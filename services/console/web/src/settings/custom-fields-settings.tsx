import { CUSTOM_FIELD_KEY, CUSTOM_FIELD_TYPES, CustomFieldType } from '@roster/contracts/tenant-settings';
import { useState } from 'react';
import type { Tenant } from '../contacts/use-contacts';
import { SettingsForm } from './settings-form';
import { useTenantSettings } from './use-settings';

/** A definition as edited: the options as typed, split only when saved. */
type Definition = Tenant['customFields'][number] & { optionsText: string };

const optionsOf = (text: string) => text.split(',').map((o) => o.trim()).filter(Boolean);

/** Custom field definitions: key, label, type and, for a choice, its options. Keys are fixed once saved. */
export function CustomFieldsSettings({ tenant }: { tenant: Tenant }) {
  const { save } = useTenantSettings();
  const [fields, setFields] = useState<Definition[]>(() => tenant.customFields.map((f) => ({ ...f, optionsText: (f.options ?? []).join(', ') })));
  const saved = new Set(tenant.customFields.map((f) => f.key));
  const change = (index: number, patch: Partial<Definition>) => setFields(fields.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  const problems = fields.flatMap((f, i) => [
    !CUSTOM_FIELD_KEY.test(f.key) && `Field ${i + 1}: the key must start with a lowercase letter and hold only letters, digits and _`,
    fields.findIndex((o) => o.key === f.key) !== i && `Field ${i + 1}: the key ${f.key} is taken`,
    !f.label.trim() && `Field ${i + 1}: a label is needed`,
    f.type === 'enum' && !optionsOf(f.optionsText).length && `Field ${i + 1}: a choice needs options`,
  ]).filter(Boolean) as string[];
  return (
    <SettingsForm title="Custom fields" saveLabel="Save custom fields" save={save} blocked={problems.length > 0} onSave={() => save.mutate({ customFields: fields.map((f) => ({ key: f.key, label: f.label.trim(), type: f.type, ...(f.type === 'enum' ? { options: optionsOf(f.optionsText) } : {}) })) })}>
      <table className="grid lists">
        <thead><tr><th scope="col">Key</th><th scope="col">Label</th><th scope="col">Type</th><th scope="col">Options (comma separated)</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr></thead>
        <tbody>
          {fields.map((f, i) => (
            <tr key={i}>
              <td><input aria-label={`Key of field ${i + 1}`} value={f.key} readOnly={saved.has(f.key)} onChange={(e) => change(i, { key: e.target.value })} /></td>
              <td><input aria-label={`Label of field ${i + 1}`} value={f.label} onChange={(e) => change(i, { label: e.target.value })} /></td>
              <td>
                <select aria-label={`Type of field ${i + 1}`} value={f.type} onChange={(e) => change(i, { type: e.target.value as CustomFieldType })}>
                  {CUSTOM_FIELD_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
                </select>
              </td>
              <td>{f.type === 'enum' && (
                <input aria-label={`Options of field ${i + 1}`} value={f.optionsText}
                  onChange={(e) => change(i, { optionsText: e.target.value })} />
              )}</td>
              <td><button type="button" className="secondary" aria-label={`Remove field ${i + 1}`} onClick={() => setFields(fields.filter((_, j) => j !== i))}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="secondary" onClick={() => setFields([...fields, { key: '', label: '', type: 'text', optionsText: '' }])}>Add a field</button>
      {problems.map((p) => <p key={p} className="field-error" role="alert">{p}</p>)}
    </SettingsForm>
  );
}
