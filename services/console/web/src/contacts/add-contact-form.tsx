import { normalizePhone } from '@roster/phone';
import { COUNTRIES } from '../shared/countries';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiProblem } from '../api/client';
import { Link, navigate } from '../shared/router';
import { Tenant, useCreateContact } from './use-contacts';

interface FormValues {
  country: string;
  phone: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  tags: string;
}


function checkPhone(value: string, country: string): true | string {
  const result = normalizePhone(value, country);
  return result.ok || result.reason;
}

/**
 * "+ Add Contact": the phone is checked as it is typed by the rule the API applies (shared from
 * `@roster/phone`), and whatever the API still refuses is shown at its field.
 */
export function AddContactForm({ tenant, onDone }: { tenant: Tenant; onDone: () => void }) {
  const id = useId();
  const create = useCreateContact();
  const [existing, setExisting] = useState<string | null>(null);
  const { register, handleSubmit, watch, setError, formState: { errors } } = useForm<FormValues>({
    defaultValues: { country: tenant.defaultCountry ?? 'DE', phone: '', firstName: '', lastName: '', email: '', company: '', tags: '' },
  });
  const required = new Set(tenant.requiredFields);
  const phone = normalizePhone(watch('phone'), watch('country'));

  const submit = handleSubmit(async (values) => {
    setExisting(null);
    const body: Record<string, unknown> = { phone: phone.ok ? phone.e164 : values.phone };
    for (const key of ['firstName', 'lastName', 'email', 'company'] as const) if (values[key].trim()) body[key] = values[key].trim();
    const tags = values.tags.split(',').map((t) => t.trim()).filter(Boolean);
    if (tags.length) body.tags = tags;
    try {
      const created = await create.mutateAsync(body);
      onDone();
      navigate(`/contacts/${created.id}`);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.code === 'contact-exists') {
        setExisting(String(error.body.existingId));
        setError('phone', { message: 'A contact already has this phone.' });
        return;
      }
      const fields = error.fieldMessages();
      for (const [field, message] of Object.entries(fields)) setError(field as keyof FormValues, { message });
      if (!Object.keys(fields).length) setError('root', { message: error.message });
    }
  });

  const field = (name: keyof FormValues, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}{required.has(name) && ' (required)'}</label>
      <input id={`${id}-${name}`} type={type} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        {...register(name, { required: required.has(name) ? `${label} is required` : false })} />
      {errors[name] && <p id={`${id}-${name}-error`} className="field-error" role="alert">{errors[name]?.message}</p>}
    </div>
  );

  return (
    <form className="add-contact" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Add contact</h2>
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
      {field('firstName', 'First name')}
      {field('lastName', 'Last name')}
      {field('email', 'Email', 'email')}
      {field('company', 'Company')}
      {field('tags', 'Tags (comma separated)')}
      {errors.root && <p className="field-error" role="alert">{errors.root.message}</p>}
      <div className="actions">
        <button type="submit" disabled={create.isPending}>Save contact</button>
        <button type="button" className="secondary" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
