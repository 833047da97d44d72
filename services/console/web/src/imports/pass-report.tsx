import { useState } from 'react';
import { useSession } from '../api/client';
import { number } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import { ImportPass, ImportView, downloadRefusedRows } from './use-imports';

const reasonText = (code: string) => code.replace(/-/g, ' ');

/** A pass's progress while it runs, and its counts, refusals by reason and error file once it has ended. */
export function PassReport({ view, pass, label }: { view: ImportView; pass: 'dryRun' | 'run'; label: string }) {
  const { session } = useSession();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const p: ImportPass = view[pass];
  const going = p.state === 'queued' || p.state === 'running';
  const c = p.counts;
  return (
    <div className="pass-report">
      {going && (
        <p>
          <progress max={100} value={p.progress.percent} aria-label={`${label} progress`} />{' '}
          <span role="status">
            {p.state === 'queued' ? 'Waiting for a worker…' : `${p.progress.percent} % · ${number(p.progress.rowsDone)} rows · ${number(p.progress.rowsPerSecond)} rows/s`}
            {p.progress.etaSeconds !== null && ` · about ${Math.max(1, Math.round(p.progress.etaSeconds))} s left`}
          </span>
        </p>
      )}
      {!going && p.state !== 'idle' && (
        <>
          <p role="status"><strong>{label} {p.state}</strong>{p.failure && `: ${p.failure}`}</p>
          <table className="grid counts">
            <caption className="visually-hidden">{label} counts</caption>
            <thead><tr>{['Rows', pass === 'run' ? 'Created' : 'Would create', pass === 'run' ? 'Updated' : 'Would update', 'Unchanged', 'Refused', 'Repeated in the file'].map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
            <tbody><tr><td>{number(c.read)}</td><td>{number(c.created)}</td><td>{number(c.updated)}</td><td>{number(c.unchanged)}</td><td>{number(c.rejected)}</td><td>{number(c.duplicates)}</td></tr></tbody>
          </table>
          {Object.keys(p.rejectedByReason).length > 0 && (
            <ul className="reasons" aria-label="Refused rows by reason">
              {Object.entries(p.rejectedByReason).sort((a, b) => b[1] - a[1]).map(([reason, n]) => <li key={reason}>{number(n)} × {reasonText(reason)}</li>)}
            </ul>
          )}
          {p.plan && <p className={p.plan.refused ? 'field-error' : 'hint'}>{p.plan.refused ? `Over the plan: ${p.plan.detail}.` : `Fits the plan: ${number(p.plan.contacts)} + ${number(p.plan.wouldCreate)} new of ${number(p.plan.limit)}.`}</p>}
          {c.rejected > 0 && (
            <button type="button" className="secondary" onClick={() => {
              setDownloadError(null);
              downloadRefusedRows(session, view, pass).catch(setDownloadError);
            }}>Download the {number(c.rejected)} refused rows (CSV)</button>
          )}
          <ProblemAlert error={downloadError} />
        </>
      )}
    </div>
  );
}
