import { normalizePhone } from '@roster/phone';
import { useId, useState } from 'react';
import { FieldPath, useForm } from 'react-hook-form';
import { ApiProblem } from '../api/client';
import { COUNTRIES } from '../shared/countries';
import { Link } from '../shared/router';
import { TagInput } from '../shared/tag-input';
import { ContactRow, Tenant, useSaveContact, useTags } from './use-contacts';

const TEXT_FIELDS = [
  ['firstName', 'First name', 'text'],
  ['lastName', 'Last name', 'text'],
  ['email', 'Email', 'email'],
  ['company', 'Company', 'text'],
  ['language', 'Language (such as en or pt-BR)', 'text'],
  ['birthDate', 'Birth date', 'date'],
] as const;
type TextField = (typeof TEXT_FIELDS)[number][0];

type FormValues = Record<TextField, string> & {
  country: string;
  phone: string;
  leadSource: string;
  notes: string;
  status: string;
  tags: string[];
  custom: Record<string, string>;
};

const STATUSES = ['active', 'inactive', 'invalid', 'blocked'];

function checkPhone(value: string, country: string): true | string {
  const result = normalizePhone(value, country);
  return result.ok || result.reason;
}

const shown = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function initialValues(tenant: Tenant, contact: ContactRow | undefined): FormValues {
  const custom = Object.fromEntries(tenant.customFields.map((f) => [f.key, shown(contact?.customFields?.[f.key])]));
  return {
    country: tenant.defaultCountry ?? 'DE', phone: contact?.phone ?? '', firstName: shown(contact?.firstName), lastName: shown(contact?.lastName),
    email: shown(contact?.email), company: shown(contact?.company), language: shown(contact?.language), birthDate: shown(contact?.birthDate),
    leadSource: shown(contact?.leadSource), notes: shown(contact?.notes), status: contact?.status ?? 'active', tags: contact?.tags ?? [], custom,
  };
}

/**
 * Add or edit a contact. The phone is checked as it is typed by the rule the API applies (shared
 * from `@roster/phone`); the tenant's required fields are marked; whatever the API still refuses is
 * shown at its field. An edit sends only what changed, an emptied field as null (cleared).
 */
export function ContactForm({ tenant, contact, onDone, onSaved }: { tenant: Tenant; contact?: ContactRow; onDone: () => void; onSaved: (saved: ContactRow) => void }) {
  const id = useId();
  const save = useSaveContact(contact?.id);
  const catalogue = useTags();
  const [existing, setExisting] = useState<string | null>(null);
  const initial = initialValues(tenant, contact);
  const { register, handleSubmit, watch, setValue, setError, formState: { errors } } = useForm<FormValues>({ defaultValues: initial });
  const required = new Set(tenant.requiredFields);
  const phone = normalizePhone(watch('phone'), watch('country'));
  const title = contact ? 'Edit contact' : 'Add contact';

  const submit = handleSubmit(async (values) => {
    setExisting(null);
    const body: Record<string, unknown> = {};
    const put = (key: string, now: string, before: string) => {
      if (contact ? now.trim() !== before : now.trim()) body[key] = now.trim() || null;
    };
    const e164 = phone.ok ? phone.e164 : values.phone;
    if (!contact || e164 !== contact.phone) body.phone = e164;
    for (const [key] of TEXT_FIELDS) put(key, values[key], initial[key]);
    put('leadSource', values.leadSource, initial.leadSource);
    put('notes', values.notes, initial.notes);
    if (contact && values.status !== initial.status) body.status = values.status;
    if (JSON.stringify(values.tags) !== JSON.stringify(initial.tags)) body.tags = values.tags;
    const custom: Record<string, string | null> = {};
    for (const f of tenant.customFields) {
      const now = values.custom[f.key] ?? '';
      if (contact ? now !== initial.custom[f.key] : now !== '') custom[f.key] = now === '' ? null : now;
    }
    if (Object.keys(custom).length) body.customFields = custom;
    if (contact && Object.keys(body).length === 0) return onDone();
    try {
      onSaved(await save.mutateAsync(body));
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.code === 'contact-exists') {
        setExisting(String(error.body.existingId));
        setError('phone', { message: 'A contact already has this phone.' });
        return;
      }
      const fields = error.fieldMessages();
      for (const [field, message] of Object.entries(fields)) {
        setError((field.startsWith('customFields.') ? `custom.${field.slice(13)}` : field) as FieldPath<FormValues>, { message });
      }
      if (!Object.keys(fields).length) setError('root', { message: error.message });
    }
  });

  const described = (name: string, error: unknown) => ({ 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-${name}-error` : undefined });
  const problem = (name: string, message: string | undefined) => message && <p id={`${id}-${name}-error`} className="field-error" role="alert">{message}</p>;
  const field = (name: TextField, label: string, type: string) => (
    <div className="field" key={name}>
      <label htmlFor={`${id}-${name}`}>{label}{required.has(name) && ' (required)'}</label>
      <input id={`${id}-${name}`} type={type} {...described(name, errors[name])} {...register(name, { required: required.has(name) ? `${label} is required` : false })} />
      {problem(name, errors[name]?.message)}
    </div>
  );

  return (
    <form className="add-contact" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-country`}>Country</label>
          <select id={`${id}-country`} {...register('country')}>
            {COUNTRIES.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-phone`}>Phone (required)</label>
          <input id={`${id}-phone`} type="tel" autoComplete="off" aria-invalid={errors.phone ? true : undefined} aria-describedby={`${id}-phone-hint`}
            {...register('phone', { validate: (value, values) => checkPhone(value, values.country) })} />
          <p id={`${id}-phone-hint`} className={errors.phone ? 'field-error' : 'hint'} role={errors.phone ? 'alert' : undefined}>
            {errors.phone?.message ?? (phone.ok ? `Saved as ${phone.e164}` : watch('phone') ? phone.reason : 'With + and country code, or as dialled in the chosen country')}
          </p>
          {existing && <p><Link to={`/contacts/${existing}`} onFollow={onDone}>Open the contact with this phone</Link></p>}
        </div>
      </div>
      <div className="field-grid">
        {TEXT_FIELDS.map(([name, label, type]) => field(name, label, type))}
        <div className="field">
          <label htmlFor={`${id}-leadSource`}>Lead source{required.has('leadSource') && ' (required)'}</label>
          <select id={`${id}-leadSource`} {...described('leadSource', errors.leadSource)} {...register('leadSource', { required: required.has('leadSource') ? 'Lead source is required' : false })}>
            <option value="">none</option>
            {[...new Set([...tenant.leadSources, initial.leadSource].filter(Boolean))].map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
          {problem('leadSource', errors.leadSource?.message)}
        </div>
        {contact && (
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select id={`${id}-status`} {...register('status')}>{STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}</select>
          </div>
        )}
        {tenant.customFields.map((f) => {
          const name = `custom.${f.key}` as const;
          const error = errors.custom?.[f.key]?.message;
          return (
            <div className="field" key={f.key}>
              <label htmlFor={`${id}-cf-${f.key}`}>{f.label}</label>
              {f.type === 'enum' || f.type === 'boolean' ? (
                <select id={`${id}-cf-${f.key}`} {...described(`cf-${f.key}`, error)} {...register(name)}>
                  <option value="">none</option>
                  {(f.type === 'enum' ? f.options ?? [] : ['true', 'false']).map((o) => <option key={o} value={o}>{f.type === 'boolean' ? (o === 'true' ? 'yes' : 'no') : o}</option>)}
                </select>
              ) : (
                <input id={`${id}-cf-${f.key}`} type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text'} step="any" {...described(`cf-${f.key}`, error)} {...register(name)} />
              )}
              {problem(`cf-${f.key}`, error)}
            </div>
          );
        })}
      </div>
      <TagInput label="Tags" value={watch('tags')} onChange={(tags) => setValue('tags', tags, { shouldDirty: true })} suggestions={(catalogue.data ?? []).map((t) => t.label)} />
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} maxLength={10_000} {...register('notes')} />
      </div>
      {errors.root && <p className="field-error" role="alert">{errors.root.message}</p>}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>Save contact</button>
        <button type="button" className="secondary" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
