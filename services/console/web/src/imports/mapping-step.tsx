import { IMPORT_FIELDS, IMPORT_SPECIAL_TARGETS } from '@roster/contracts/import-options';
import { CUSTOM_FIELD_KEY } from '@roster/contracts/tenant-settings';
import { useId, useState } from 'react';
import { ApiProblem, useSession } from '../api/client';
import type { Tenant } from '../contacts/use-contacts';
import { useLists } from '../lists/use-lists';
import { useTenantSettings } from '../settings/use-settings';
import { COUNTRIES } from '../shared/countries';
import { fieldLabel } from '../shared/field-labels';
import { ProblemAlert } from '../shared/problem-alert';
import { TagInput } from '../shared/tag-input';
import { ImportOptions, ImportView } from './use-imports';

const NEW_FIELD = '+new';

/** A custom field key from a header: "Loyalty tier" → loyaltyTier. */
const keyOf = (header: string) => {
  const words = header.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const key = words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase())).join('');
  return /^[a-z]/.test(key) ? key.slice(0, 40) : `f${key}`.slice(0, 40);
};

interface Props {
  view: ImportView;
  tenant: Tenant;
  busy: boolean;
  error: unknown;
  onSubmit: (mapping: { columns: Record<string, string>; options: ImportOptions }) => void;
}

/** Each column to a field (the suggestion preselected), the options every row gets, then the dry run. */
export function MappingStep({ view, tenant, busy, error, onSubmit }: Props) {
  const id = useId();
  const { session } = useSession();
  const lists = useLists();
  const saveTenant = useTenantSettings().save;
  const [columns, setColumns] = useState<Record<string, string>>(view.mapping);
  const [creating, setCreating] = useState<{ header: string; key: string; label: string; type: string } | null>(null);
  const [options, setOptions] = useState<ImportOptions>({ ...view.options, defaultCountry: view.options.defaultCountry ?? tenant.defaultCountry ?? undefined });
  const [consentOn, setConsentOn] = useState(!!view.options.consent || tenant.importConsentRequired);
  const admin = session.role === 'admin';
  const problems = error instanceof ApiProblem ? ((error.body.problems ?? []) as Array<{ column: string; detail: string }>) : [];
  const problemAt = (header: string) => problems.find((p) => p.column === header)?.detail;
  const targets: Array<[string, string]> = [
    ['ignore', 'Ignore'],
    ...IMPORT_FIELDS.map((f) => [f, fieldLabel(f)] as [string, string]),
    ...tenant.customFields.map((f) => [`custom:${f.key}`, `${f.label} (custom)`] as [string, string]),
    ...IMPORT_SPECIAL_TARGETS.map((t) => [t, t === 'lists' ? 'Lists (names, ; between)' : fieldLabel(t)] as [string, string]),
  ];
  const consent = options.consent ?? { status: 'opted_in' as const, method: '', source: '' };
  const consentMissing = consentOn && (!consent.method.trim() || !consent.source.trim());
  const noPhone = !Object.values(columns).includes('phone');

  const createField = async () => {
    if (!creating) return;
    await saveTenant.mutateAsync({ customFields: [...tenant.customFields, { key: creating.key, label: creating.label, type: creating.type as Tenant['customFields'][number]['type'] }] });
    setColumns({ ...columns, [creating.header]: `custom:${creating.key}` });
    setCreating(null);
  };

  return (
    <form aria-labelledby={`${id}-title`} onSubmit={(e) => {
      e.preventDefault();
      onSubmit({ columns, options: { ...options, consent: consentOn ? consent : undefined } });
    }}>
      <h2 id={`${id}-title`}>2. Map the columns</h2>
      {view.mappingFrom && (
        <p className="hint" role="note">The mapping of your import of {view.mappingFrom.fileName} ({new Date(view.mappingFrom.at).toLocaleDateString()}), which had the same columns, is offered again.</p>
      )}
      <table className="grid mapping">
        <thead><tr><th scope="col">Column</th><th scope="col">First value</th><th scope="col">Goes to</th></tr></thead>
        <tbody>
          {view.headers.map((header, i) => (
            <tr key={header}>
              <td>{header}</td>
              <td>{view.sampleRows[0]?.[i] ?? ''}</td>
              <td>
                <select aria-label={`Column ${header} goes to`} value={columns[header] ?? 'ignore'} aria-invalid={problemAt(header) ? true : undefined}
                  onChange={(e) => (e.target.value === NEW_FIELD
                    ? setCreating({ header, key: keyOf(header), label: header, type: 'text' })
                    : setColumns({ ...columns, [header]: e.target.value }))}>
                  {targets.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                  {admin && <option value={NEW_FIELD}>New custom field…</option>}
                </select>
                {problemAt(header) && <p className="field-error" role="alert">{problemAt(header)}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating && (
        <div className="confirm" role="group" aria-label="New custom field">
          <div className="field-row">
            <div className="field"><label htmlFor={`${id}-cf-label`}>Label</label>
              <input id={`${id}-cf-label`} value={creating.label} onChange={(e) => setCreating({ ...creating, label: e.target.value })} /></div>
            <div className="field"><label htmlFor={`${id}-cf-key`}>Key</label>
              <input id={`${id}-cf-key`} value={creating.key} onChange={(e) => setCreating({ ...creating, key: e.target.value })} /></div>
            <div className="field"><label htmlFor={`${id}-cf-type`}>Type</label>
              <select id={`${id}-cf-type`} value={creating.type} onChange={(e) => setCreating({ ...creating, type: e.target.value })}>
                {['text', 'number', 'boolean', 'date'].map((t) => <option key={t} value={t}>{t}</option>)}
              </select></div>
          </div>
          {!CUSTOM_FIELD_KEY.test(creating.key) && <p className="field-error" role="alert">The key must start with a lowercase letter and hold only letters, digits and _.</p>}
          <ProblemAlert error={saveTenant.error} />
          <div className="actions">
            <button type="button" disabled={!CUSTOM_FIELD_KEY.test(creating.key) || saveTenant.isPending} onClick={() => void createField().catch(() => undefined)}>Create field</button>
            <button type="button" className="secondary" onClick={() => setCreating(null)}>Cancel</button>
          </div>
        </div>
      )}
      <fieldset className="import-options">
        <legend>For every row</legend>
        <div className="field-grid">
          <div className="field"><label htmlFor={`${id}-mode`}>Mode</label>
            <select id={`${id}-mode`} value={options.mode} onChange={(e) => setOptions({ ...options, mode: e.target.value as ImportOptions['mode'] })}>
              <option value="upsert">Create new and update existing</option>
              <option value="create">Only create new contacts</option>
              <option value="update">Only update existing contacts</option>
            </select></div>
          <div className="field"><label htmlFor={`${id}-country`}>Country of numbers without +</label>
            <select id={`${id}-country`} value={options.defaultCountry ?? ''} onChange={(e) => setOptions({ ...options, defaultCountry: e.target.value || undefined })}>
              <option value="">none</option>
              {COUNTRIES.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
            </select></div>
          <div className="field"><label htmlFor={`${id}-list`}>Add to list</label>
            <select id={`${id}-list`} value={options.listId ?? ''} onChange={(e) => setOptions({ ...options, listId: e.target.value || undefined })}>
              <option value="">none</option>
              {(lists.data ?? []).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </select></div>
          <div className="field"><label htmlFor={`${id}-source`}>Lead source</label>
            <select id={`${id}-source`} value={options.leadSource ?? ''} onChange={(e) => setOptions({ ...options, leadSource: e.target.value || undefined })}>
              <option value="">none</option>
              {tenant.leadSources.map((s) => <option key={s} value={s}>{s}</option>)}
            </select></div>
        </div>
        <TagInput label="Tags for every row" value={options.tags ?? []} onChange={(tags) => setOptions({ ...options, tags: tags.length ? tags : undefined })} suggestions={[]} />
        <label className="check">
          <input type="checkbox" checked={consentOn} disabled={tenant.importConsentRequired} onChange={(e) => setConsentOn(e.target.checked)} /> These contacts gave WhatsApp consent
        </label>
        {tenant.importConsentRequired && <p className="hint">Your workspace asks every import to say how and where its contacts consented.</p>}
        {consentOn && (
          <div className="field-row">
            <div className="field"><label htmlFor={`${id}-c-status`}>Consent</label>
              <select id={`${id}-c-status`} value={consent.status} onChange={(e) => setOptions({ ...options, consent: { ...consent, status: e.target.value as 'opted_in' | 'opted_out' } })}>
                <option value="opted_in">opted in</option><option value="opted_out">opted out</option>
              </select></div>
            <div className="field"><label htmlFor={`${id}-c-method`}>How (such as web form)</label>
              <input id={`${id}-c-method`} value={consent.method} maxLength={60} onChange={(e) => setOptions({ ...options, consent: { ...consent, method: e.target.value } })} /></div>
            <div className="field"><label htmlFor={`${id}-c-source`}>Where (such as the spring landing page)</label>
              <input id={`${id}-c-source`} value={consent.source} maxLength={120} onChange={(e) => setOptions({ ...options, consent: { ...consent, source: e.target.value } })} /></div>
          </div>
        )}
      </fieldset>
      {noPhone && <p className="field-error" role="alert">Choose the column that holds the phone number.</p>}
      {consentMissing && <p className="field-error" role="alert">Say how and where the consent was given.</p>}
      {problems.length === 0 && <ProblemAlert error={error} />}
      <div className="actions">
        <button type="submit" disabled={busy || noPhone || consentMissing}>Check the file (dry run)</button>
      </div>
    </form>
  );
}
