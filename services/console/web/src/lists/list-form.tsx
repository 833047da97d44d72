import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { ApiProblem } from '../api/client';

interface Values {
  name: string;
  description: string;
}

/** Name and description of a list, for a new one and for an edit; the API's refusal (a taken name) is shown at the name. */
export function ListForm({ title, initial, submitLabel, onSubmit, onCancel }: {
  title: string;
  initial?: { name: string; description: string | null };
  submitLabel: string;
  onSubmit: (values: { name: string; description: string | null }) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const id = useId();
  const { register, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<Values>({
    defaultValues: { name: initial?.name ?? '', description: initial?.description ?? '' },
  });
  const submit = handleSubmit(async (values) => {
    try {
      await onSubmit({ name: values.name.trim(), description: values.description.trim() || null });
      if (!initial) reset();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setError(error.status === 409 ? 'name' : 'root', { message: error.fieldMessages().name ?? error.message });
    }
  });
  return (
    <form className="list-form" onSubmit={submit} aria-label={title} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} aria-invalid={errors.name ? true : undefined} {...register('name', { validate: (v) => v.trim().length > 0 || 'A list needs a name' })} />
        {errors.name && <p className="field-error" role="alert">{errors.name.message}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <input id={`${id}-description`} {...register('description')} />
      </div>
      {errors.root && <p className="field-error" role="alert">{errors.root.message}</p>}
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>{submitLabel}</button>
        {onCancel && <button type="button" className="secondary" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
