import { LEAD_SOURCE, REQUIRABLE_FIELDS } from '@roster/contracts/tenant-settings';
import { useId, useState } from 'react';
import { COUNTRIES } from '../shared/countries';
import { fieldLabel } from '../shared/field-labels';
import { TagInput } from '../shared/tag-input';
import type { Tenant } from '../contacts/use-contacts';
import { SettingsForm } from './settings-form';
import { useTenantSettings } from './use-settings';

/** Default country, the fields every new contact must have, and the lead sources on offer. */
export function WorkspaceSettings({ tenant }: { tenant: Tenant }) {
  const id = useId();
  const { save } = useTenantSettings();
  const [country, setCountry] = useState(tenant.defaultCountry ?? '');
  const [required, setRequired] = useState(tenant.requiredFields);
  const [sources, setSources] = useState(tenant.leadSources);
  const [consentRequired, setConsentRequired] = useState(tenant.importConsentRequired);
  const badSources = sources.filter((s) => !LEAD_SOURCE.test(s));
  return (
    <SettingsForm title="Contacts" saveLabel="Save contact settings" save={save} blocked={badSources.length > 0} onSave={() => save.mutate({ ...(country ? { defaultCountry: country } : {}), requiredFields: required, leadSources: sources, importConsentRequired: consentRequired })}>
      <div className="field">
        <label htmlFor={`${id}-country`}>Default country (for phones written without +)</label>
        <select id={`${id}-country`} value={country} onChange={(e) => setCountry(e.target.value)}>
          <option value="" disabled>choose…</option>
          {COUNTRIES.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </select>
      </div>
      <fieldset>
        <legend>Required fields</legend>
        {REQUIRABLE_FIELDS.map((f) => (
          <label key={f} className="check">
            <input type="checkbox" checked={required.includes(f)} onChange={(e) => setRequired(e.target.checked ? [...required, f] : required.filter((r) => r !== f))} /> {fieldLabel(f)}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={consentRequired} onChange={(e) => setConsentRequired(e.target.checked)} /> Imports must say how and where their contacts consented
      </label>
      <TagInput label="Lead sources" value={sources} onChange={(next) => setSources(next.map((s) => s.toLowerCase()))} suggestions={[]} />
      {badSources.length > 0 && <p className="field-error" role="alert">Lead sources are lowercase words: {badSources.join(', ')}</p>}
    </SettingsForm>
  );
}
