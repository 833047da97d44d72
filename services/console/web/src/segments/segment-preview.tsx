import { useId } from 'react';
import { number, personName } from '../shared/format';
import { Link } from '../shared/router';
import type { Preview } from './use-segments';

/** The live counts of the rule as edited: matching, messageable, and a sample of who matches. */
export function SegmentPreviewPane({ preview, counting, waiting }: { preview: Preview | undefined; counting: boolean; waiting: boolean }) {
  const id = useId();
  return (
    <aside className="segment-preview" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Preview</h2>
      <p role="status" aria-live="polite">
        {waiting ? 'Finish each condition to see the counts.' : counting ? 'Counting…' : preview ? `${number(preview.matching)} contacts match` : ''}
      </p>
      {preview && !waiting && (
        <>
          <p><strong>{number(preview.messageable)}</strong> of them can be messaged (opted in and active).</p>
          {preview.sample.length > 0 && (
            <>
              <h3>For example</h3>
              <ul>{preview.sample.slice(0, 10).map((c) => <li key={c.id}><Link to={`/contacts/${c.id}`}>{personName(c)}</Link></li>)}</ul>
            </>
          )}
        </>
      )}
    </aside>
  );
}
