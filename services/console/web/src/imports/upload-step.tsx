import { DragEvent, useId, useRef, useState } from 'react';
import { ApiProblem, useSession } from '../api/client';
import { ImportView, uploadImport } from './use-imports';

/** Plain words for the upload refusals the imports API names. */
const REFUSALS: Record<string, string> = {
  'not-csv': 'This is not a CSV file. Save the sheet as CSV (comma or semicolon separated) and try again.',
  'empty-file': 'The file is empty.',
  'header-only': 'The file has a header row but no contacts under it.',
  'duplicate-headers': 'Two columns have the same header. Rename one of them and try again.',
  'malformed-csv': 'A quote opens but never closes, so the file cannot be read as CSV.',
  'file-too-large': 'The file is too large. Split it into smaller files.',
};

export function refusalOf(error: unknown): string {
  if (error instanceof ApiProblem) return REFUSALS[error.code] ? `${REFUSALS[error.code]} (${error.message})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Drop a CSV or pick one; the upload's progress, then its refusal in plain words or the stored import. */
export function UploadStep({ onUploaded }: { onUploaded: (view: ImportView, file: File) => void }) {
  const id = useId();
  const { session } = useSession();
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const send = async (file: File | undefined) => {
    if (!file) return;
    setRefusal(null);
    setProgress(0);
    try {
      onUploaded(await uploadImport(session, file, {}, setProgress), file);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setProgress(null);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void send(e.dataTransfer.files[0]);
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>1. Upload a CSV</h2>
      <div className={`drop-zone${over ? ' over' : ''}`} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={drop}
        aria-describedby={`${id}-hint`}>
        <p id={`${id}-hint`}>Drop a CSV file here, or</p>
        <button type="button" onClick={() => picker.current?.click()} disabled={progress !== null}>Choose a file…</button>
        <label htmlFor={`${id}-file`} className="visually-hidden">CSV file</label>
        <input id={`${id}-file`} ref={picker} type="file" accept=".csv,text/csv,text/plain" className="visually-hidden" onChange={(e) => void send(e.target.files?.[0])} />
        {progress !== null && (
          <p><progress max={1} value={progress} aria-label="Upload progress" /> <span role="status">Uploading… {Math.round(progress * 100)} %</span></p>
        )}
        {refusal && <p className="field-error" role="alert">{refusal}</p>}
      </div>
    </section>
  );
}
