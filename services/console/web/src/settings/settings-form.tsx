import { ReactNode, useId } from 'react';
import { ProblemAlert } from '../shared/problem-alert';

/** What a section needs to know of its save: a mutation's state. */
interface SaveState {
  error: unknown;
  isPending: boolean;
  isSuccess: boolean;
}

/** One settings section: its title, its fields, the API's refusal, and a save button that says when it is done. */
export function SettingsForm({ title, saveLabel, save, blocked = false, onSave, children }: {
  title: string;
  saveLabel: string;
  save: SaveState;
  /** The section's own checks failed: saving waits until they pass. */
  blocked?: boolean;
  onSave: () => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <form aria-labelledby={`${id}-title`} className="settings-section" noValidate onSubmit={(e) => {
      e.preventDefault();
      onSave();
    }}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <ProblemAlert error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending || blocked}>{saveLabel}</button>
        {save.isSuccess && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}
