import { ApiProblem } from '../api/client';

/** An error from the API (or the network), in the words the API gave, each refused field named. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const fields = error instanceof ApiProblem ? Object.values(error.fieldMessages()) : [];
  return (
    <div className="field-error" role="alert">
      <p>{error instanceof Error ? error.message : String(error)}</p>
      {fields.length > 0 && <ul>{fields.map((m) => <li key={m}>{m}</li>)}</ul>}
    </div>
  );
}
