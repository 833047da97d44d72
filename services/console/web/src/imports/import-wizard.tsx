import { useId, useState } from 'react';
import { useSession } from '../api/client';
import { useTenant } from '../contacts/use-contacts';
import { ProblemAlert } from '../shared/problem-alert';
import { Link } from '../shared/router';
import { MappingStep } from './mapping-step';
import { PassReport } from './pass-report';
import { SamplePreview } from './sample-preview';
import { refusalOf } from './upload-step';
import { ENDED, ImportOptions, ImportView, uploadImport, useImport, useImportActions, useImportProgress } from './use-imports';

/** Where the imported contacts can be seen: the list they went to, else their first tag. */
function importedContactsLink(options: ImportOptions): string | null {
  if (options.listId) return `/contacts?list=${options.listId}`;
  if (options.tags?.length) return `/contacts?tag=${encodeURIComponent(options.tags[0])}`;
  return null;
}

/** One import from mapping to its end: the dry run before anything is written, then the run. */
export function ImportWizard({ importId, file, onUploaded }: { importId: string; file?: File; onUploaded: (view: ImportView, file: File) => void }) {
  const id = useId();
  const { session } = useSession();
  const tenant = useTenant();
  const current = useImport(importId);
  const actions = useImportActions(importId);
  const [remapping, setRemapping] = useState(false);
  const [rereading, setRereading] = useState<unknown>(null);
  const view = current.data;
  const live = !!view && ['queued', 'running'].some((s) => view.dryRun.state === s || view.run.state === s);
  useImportProgress(importId, live);
  if (!view || !tenant.data) return current.error || tenant.error ? <ProblemAlert error={current.error ?? tenant.error} /> : <p role="status">Loading…</p>;

  const started = view.run.state !== 'idle';
  const checked = view.dryRun.state !== 'idle' && !remapping;
  const reread = async (dialect: { encoding: string; delimiter: string }) => {
    if (!file) return;
    setRereading(null);
    try {
      onUploaded(await uploadImport(session, file, dialect, () => undefined), file);
    } catch (error) {
      setRereading(new Error(refusalOf(error)));
    }
  };
  const link = importedContactsLink(view.options);

  return (
    <section aria-labelledby={`${id}-title`} className="import-wizard">
      <h1 id={`${id}-title`}>Import {view.fileName}</h1>
      {!started && (
        <SamplePreview encoding={view.encoding} delimiter={view.delimiter} headers={view.headers} rows={view.sampleRows} busy={!file} onReread={(d) => void reread(d)} />
      )}
      {!file && !started && <p className="hint">To read the file with another encoding or delimiter, upload it again.</p>}
      <ProblemAlert error={rereading} />
      {!started && !checked && (
        <MappingStep view={view} tenant={tenant.data} busy={actions.map.isPending || actions.dryRun.isPending} error={actions.map.error ?? actions.dryRun.error}
          onSubmit={(mapping) => actions.map.mutateAsync(mapping).then(() => actions.dryRun.mutateAsync()).then(() => setRemapping(false)).catch(() => undefined)} />
      )}
      {!started && checked && (
        <section aria-labelledby={`${id}-check`}>
          <h2 id={`${id}-check`}>3. Check before anything is written</h2>
          <PassReport view={view} pass="dryRun" label="Dry run" />
          {ENDED.includes(view.dryRun.state) && (
            <div className="actions">
              <button type="button" disabled={actions.run.isPending || view.dryRun.state !== 'completed'} onClick={() => actions.run.mutate()}>Run the import</button>
              <button type="button" className="secondary" onClick={() => setRemapping(true)}>Change the mapping</button>
            </div>
          )}
          <ProblemAlert error={actions.run.error} />
        </section>
      )}
      {started && (
        <section aria-labelledby={`${id}-run`}>
          <h2 id={`${id}-run`}>4. Import</h2>
          <PassReport view={view} pass="run" label="Import" />
          {!ENDED.includes(view.run.state) && (
            <button type="button" className="secondary" disabled={view.cancelRequested || actions.cancel.isPending} onClick={() => actions.cancel.mutate()}>
              {view.cancelRequested ? 'Stopping after the current chunk…' : 'Cancel the import'}
            </button>
          )}
          {ENDED.includes(view.run.state) && link && <p><Link to={link}>See the imported contacts</Link></p>}
          <ProblemAlert error={actions.cancel.error} />
        </section>
      )}
    </section>
  );
}
