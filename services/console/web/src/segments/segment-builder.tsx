import { useId, useMemo, useState } from 'react';
import { ApiProblem } from '../api/client';
import { useLists } from '../lists/use-lists';
import { ProblemAlert } from '../shared/problem-alert';
import { navigate } from '../shared/router';
import { EditorGroup, isComplete, rootFromRule, toRule } from './rule-model';
import { GroupEditor } from './rule-tree';
import { SegmentPreviewPane } from './segment-preview';
import { Segment, usePreview, useRuleFields, useSaveSegment, useTemplates } from './use-segments';

/** A segment's name, scope and rule as a tree, with live counts while it is edited; saving starts its backfill. */
export function SegmentBuilder({ segment, canSave }: { segment?: Segment; canSave: boolean }) {
  const id = useId();
  const fields = useRuleFields();
  const lists = useLists();
  const templates = useTemplates();
  const save = useSaveSegment(segment?.id);
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [listId, setListId] = useState<string | null>(segment?.listId ?? null);
  const [root, setRoot] = useState<EditorGroup>(() => rootFromRule(segment?.rule ?? null));
  const { rule, paths } = useMemo(() => toRule(root), [root]);
  const complete = isComplete(root);
  const preview = usePreview(complete ? rule : null, listId);
  const refusal = [preview.error, save.error].find((e): e is ApiProblem => e instanceof ApiProblem && e.code === 'invalid-rule');
  const problems = refusal?.fieldMessages() ?? {};
  const topCounts = preview.isPlaceholderData || preview.error ? undefined : preview.data?.conditions.map((c) => c.matching);

  const applyTemplate = (key: string) => {
    const template = templates.data?.find((t) => t.key === key);
    if (!template) return;
    setRoot(rootFromRule(template.rule));
    if (!name.trim()) setName(template.name);
    if (!description.trim()) setDescription(template.description);
  };

  return (
    <div className="segment-builder">
      <form aria-labelledby={`${id}-title`} onSubmit={(e) => {
        e.preventDefault();
        // A new segment leaves out what is empty; a changed one clears it (null).
        const none = segment ? null : undefined;
        save.mutate({ name: name.trim(), description: description.trim() || none, listId: listId ?? none, rule }, { onSuccess: (saved) => navigate(`/segments/${saved.id}`) });
      }}>
        <h2 id={`${id}-title`}>Rule</h2>
        {!segment && (
          <div className="field">
            <label htmlFor={`${id}-template`}>Start from a template</label>
            <select id={`${id}-template`} defaultValue="" onChange={(e) => applyTemplate(e.target.value)}>
              <option value="">none</option>
              {(templates.data ?? []).map((t) => <option key={t.key} value={t.key}>{t.name}</option>)}
            </select>
          </div>
        )}
        <div className="field-row">
          <div className="field grow"><label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} /></div>
          <div className="field"><label htmlFor={`${id}-scope`}>Among</label>
            <select id={`${id}-scope`} value={listId ?? ''} onChange={(e) => setListId(e.target.value || null)}>
              <option value="">all contacts</option>
              {(lists.data ?? []).map((l) => <option key={l.id} value={l.id}>the list {l.name}</option>)}
            </select></div>
        </div>
        <div className="field"><label htmlFor={`${id}-description`}>Description</label>
          <input id={`${id}-description`} value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} /></div>
        {fields ? (
          <GroupEditor ctx={{ root, onChange: setRoot, fields, paths, problems, topCounts }} group={root} label="" />
        ) : <p role="status">Loading the fields…</p>}
        {refusal && <p className="field-error" role="alert">The rule is refused; each problem is shown at its condition.</p>}
        {save.error && !refusal && <ProblemAlert error={save.error} />}
        {canSave && (
          <div className="actions">
            <button type="submit" disabled={save.isPending || !complete || !name.trim()}>{segment ? 'Save the rule' : 'Create the segment'}</button>
          </div>
        )}
      </form>
      <SegmentPreviewPane preview={preview.data} counting={preview.isFetching} waiting={!complete} />
    </div>
  );
}
