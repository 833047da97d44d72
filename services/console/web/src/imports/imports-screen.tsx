import { useId, useState } from 'react';
import { useSession } from '../api/client';
import { canWrite } from '../session/session';
import { dateTime, number } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import { Link, navigate } from '../shared/router';
import { ImportWizard } from './import-wizard';
import { UploadStep } from './upload-step';
import { ImportView, downloadRefusedRows, useImportHistory } from './use-imports';

/** `/imports`: a new import and the history; `/imports/<id>`: that import's wizard. */
export function ImportsScreen({ importId }: { importId?: string }) {
  const id = useId();
  const { session } = useSession();
  const history = useImportHistory();
  // The file stays at hand in this page so a changed encoding or delimiter can read it again.
  const [file, setFile] = useState<{ importId: string; file: File } | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const uploaded = (view: ImportView, chosen: File) => {
    setFile({ importId: view.id, file: chosen });
    navigate(`/imports/${view.id}`);
  };
  if (importId) return <ImportWizard key={importId} importId={importId} file={file?.importId === importId ? file.file : undefined} onUploaded={uploaded} />;
  const rows = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Imports</h1>
      {canWrite(session) && <UploadStep onUploaded={uploaded} />}
      <h2>History</h2>
      <ProblemAlert error={history.error ?? downloadError} />
      <table className="grid lists">
        <thead><tr>{['File', 'Uploaded', 'Status', 'Rows', 'Created', 'Updated', 'Refused', 'Files'].map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {rows.map((r) => {
            const pass = r.run.state === 'idle' ? r.dryRun : r.run;
            return (
              <tr key={r.id}>
                <td><Link to={`/imports/${r.id}`}>{r.fileName}</Link></td>
                <td>{dateTime(r.createdAt)}</td>
                <td>{r.run.state === 'idle' ? (r.dryRun.state === 'idle' ? 'draft' : `dry run ${r.dryRun.state}`) : r.run.state}</td>
                <td>{number(pass.counts.read)}</td><td>{number(pass.counts.created)}</td><td>{number(pass.counts.updated)}</td><td>{number(pass.counts.rejected)}</td>
                <td>{canWrite(session) && pass.counts.rejected > 0 && (
                  <button type="button" className="link" aria-label={`Refused rows of ${r.fileName}`}
                    onClick={() => downloadRefusedRows(session, r, r.run.state === 'idle' ? 'dryRun' : 'run').catch(setDownloadError)}>
                    refused rows
                  </button>
                )}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {history.hasNextPage && <button type="button" className="secondary" onClick={() => void history.fetchNextPage()}>Older imports</button>}
      {history.isSuccess && rows.length === 0 && <p className="empty">No imports yet.</p>}
    </section>
  );
}
