/** An error from the API (or the network), in the words the API gave. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return <p className="field-error" role="alert">{error instanceof Error ? error.message : String(error)}</p>;
}
