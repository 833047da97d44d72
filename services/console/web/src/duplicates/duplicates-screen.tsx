import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useSession } from '../api/client';
import { useDedupeSettings } from '../settings/use-settings';
import { dateTime, number, personName } from '../shared/format';
import { ProblemAlert } from '../shared/problem-alert';
import { Link } from '../shared/router';
import { MergeReview } from './merge-review';
import { CandidateGroup, MergeDecision, REASONS, useCandidateGroups, useDismiss, useMergeHistory, useScan, useUndoMerge } from './use-duplicates';

const groupKey = (g: CandidateGroup) => g.members.map((m) => m.id).join('+');

/** Candidate groups strongest first with their evidence, the side-by-side merge, full scans and the merge history with undo. */
export function DuplicatesScreen() {
  const id = useId();
  const { session } = useSession();
  const [reason, setReason] = useState('');
  // The group as it was when its review began: it leaves the queue once merged, the review stays.
  const [reviewing, setReviewing] = useState<CandidateGroup | null>(null);
  const [merged, setMerged] = useState<MergeDecision | null>(null);
  const groups = useCandidateGroups(reason);
  const dismiss = useDismiss();
  const rows = groups.data ?? [];
  return (
    <section aria-labelledby={`${id}-title`}>
      <div className="screen-head">
        <h1 id={`${id}-title`}>Duplicates</h1>
        {session.role === 'admin' && <FullScan />}
        {session.role === 'admin' && <Link to="/settings">Duplicate settings</Link>}
      </div>
      {merged && <p role="status">Merged. <Link to={`/contacts/${merged.survivorId}`}>Open the contact kept</Link>; the history below can undo it.</p>}
      {reviewing ? (
        <MergeReview group={reviewing} onClose={(decision) => { setReviewing(null); if (decision) setMerged(decision); }} />
      ) : (
        <>
          <div className="filter">
            <label htmlFor={`${id}-reason`}>Found by</label>
            <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">any evidence</option>
              {REASONS.map((r) => <option key={r} value={r}>{r.replace(/-/g, ' ')}</option>)}
            </select>
          </div>
          <ProblemAlert error={groups.error ?? dismiss.error} />
          <ol className="candidate-groups" aria-label="Suspected duplicates, strongest first">
            {rows.map((g) => (
              <li key={groupKey(g)} className="candidate" aria-label={g.members.map(personName).join(' and ')}>
                <p><strong>{Math.round(g.score * 100)}% likely one person:</strong> {g.members.map((m) => <span key={m.id} className="member"><Link to={`/contacts/${m.id}`}>{personName(m)}</Link> <span className="hint">{m.phone}</span></span>)}</p>
                <ul className="evidence">
                  {g.pairs.flatMap((p) => p.features.filter((f) => f.score > 0)).map((f, i) => <li key={i}>{f.detail}</li>)}
                </ul>
                <div className="actions">
                  <button type="button" onClick={() => { setMerged(null); setReviewing(g); }}>Review and merge</button>
                  <button type="button" className="secondary" disabled={dismiss.isPending} onClick={() => dismiss.mutate(g.members.map((m) => m.id))}>Not duplicates</button>
                </div>
              </li>
            ))}
          </ol>
          {groups.isSuccess && rows.length === 0 && <p className="empty">No suspected duplicates{reason ? ' found this way' : ''}.</p>}
        </>
      )}
      <MergeHistory />
    </section>
  );
}

function FullScan() {
  const queries = useQueryClient();
  const [scanId, setScanId] = useState<string | null>(null);
  const { start, scan } = useScan(scanId);
  const running = scan.data?.state === 'running';
  useEffect(() => {
    if (scan.data && scan.data.state !== 'running') void queries.invalidateQueries({ queryKey: ['duplicates', 'groups'] });
  }, [scan.data, queries]);
  return (
    <span className="full-scan">
      <button type="button" className="secondary" disabled={start.isPending || running} onClick={() => start.mutate(undefined, { onSuccess: (s) => setScanId(s.id) })}>Scan every contact</button>
      {scan.data && (
        <span role="status">
          {running ? <><progress max={100} value={scan.data.percent} aria-label="Scan progress" /> {scan.data.detail ?? `${scan.data.phase} ${scan.data.percent} %`}</>
            : `Scan ${scan.data.state}: ${number(scan.data.pairsFound)} pairs found`}
        </span>
      )}
      <ProblemAlert error={start.error} />
    </span>
  );
}

function MergeHistory() {
  const id = useId();
  const history = useMergeHistory();
  const settings = useDedupeSettings().read;
  const undo = useUndoMerge();
  const windowMs = (settings.data?.undoWindowDays ?? 0) * 86_400_000;
  const rows = history.data ?? [];
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Merge history</h2>
      <ProblemAlert error={history.error ?? undo.error} />
      <table className="grid lists">
        <thead><tr>{['Merged', 'Kept', 'By', 'State', ''].map((h, i) => <th key={i} scope="col">{h || <span className="visually-hidden">Undo</span>}</th>)}</tr></thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{dateTime(d.decidedAt)}</td>
              <td><Link to={`/contacts/${d.survivorId}`}>the contact kept</Link> and {d.mergedIds.length} merged</td>
              <td>{d.decidedBy}</td>
              <td>{d.state}</td>
              <td>{d.state === 'applied' && d.appliedAt && Date.parse(d.appliedAt) + windowMs > Date.now() && (
                <button type="button" className="secondary" disabled={undo.isPending} aria-label={`Undo the merge of ${dateTime(d.decidedAt)}`} onClick={() => undo.mutate(d.id)}>Undo</button>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.isSuccess && rows.length === 0 && <p className="empty">No merges yet.</p>}
    </section>
  );
}
