import { DragEvent, useState } from 'react';
import { number } from '../shared/format';
import { EditorCondition, EditorGroup, EditorNode, appendTo, emptyCondition, emptyGroup, indentNode, moveNode, outdentNode, problemsAt, removeNode, shiftNode, updateNode } from './rule-model';
import { FIELD_LABELS, OPERATOR_LABELS, fieldGroup } from './rule-labels';
import type { RuleField } from './use-segments';
import { ValueInput } from './value-input';

export interface TreeContext {
  root: EditorGroup;
  onChange: (root: EditorGroup) => void;
  fields: { fields: RuleField[]; operators: Record<string, string[]>; timeUnits: string[] };
  paths: Map<string, string>;
  problems: Record<string, string>;
  /** Matching contacts per top-level condition, in order, from the last preview. */
  topCounts: number[] | undefined;
}

const DRAG_TYPE = 'application/x-roster-rule-node';
const fieldLabel = (f: RuleField) => f.label ?? FIELD_LABELS[f.field] ?? f.field;
/** A custom choice field takes the operators of a choice; the service checks it as text. */
const operatorsOf = (ctx: TreeContext, field: RuleField | undefined) => (field ? ctx.fields.operators[field.type] ?? [] : []);

/** Keyboard moves and removal, the same for a condition and a group. */
function NodeTools({ ctx, node, label }: { ctx: TreeContext; node: EditorNode; label: string }) {
  const edit = (next: EditorGroup) => ctx.onChange(next);
  return (
    <span className="node-tools">
      <label className="check"><input type="checkbox" checked={node.negated} onChange={(e) => edit(updateNode(ctx.root, node.id, { negated: e.target.checked }))} /> not</label>
      <button type="button" className="icon" aria-label={`Move ${label} up`} onClick={() => edit(shiftNode(ctx.root, node.id, -1))}>↑</button>
      <button type="button" className="icon" aria-label={`Move ${label} down`} onClick={() => edit(shiftNode(ctx.root, node.id, 1))}>↓</button>
      <button type="button" className="icon" aria-label={`Group ${label} with the one above`} onClick={() => edit(indentNode(ctx.root, node.id))}>→</button>
      <button type="button" className="icon" aria-label={`Move ${label} out of its group`} onClick={() => edit(outdentNode(ctx.root, node.id))}>←</button>
      <button type="button" className="icon" aria-label={`Remove ${label}`} onClick={() => edit(removeNode(ctx.root, node.id))}>×</button>
    </span>
  );
}

function ConditionEditor({ ctx, node, label }: { ctx: TreeContext; node: EditorCondition; label: string }) {
  const field = ctx.fields.fields.find((f) => f.field === node.field);
  const groups = [...new Set(ctx.fields.fields.map((f) => fieldGroup(f.field)))];
  const set = (patch: Partial<EditorCondition>) => ctx.onChange(updateNode(ctx.root, node.id, patch));
  return (
    <>
      <select aria-label={`${label}: field`} value={node.field} onChange={(e) => set({ field: e.target.value, op: '', value: undefined })}>
        <option value="">choose a field…</option>
        {groups.map((g) => (
          <optgroup key={g} label={g}>
            {ctx.fields.fields.filter((f) => fieldGroup(f.field) === g).map((f) => <option key={f.field} value={f.field}>{fieldLabel(f)}</option>)}
          </optgroup>
        ))}
      </select>
      <select aria-label={`${label}: operator`} value={node.op} disabled={!field} onChange={(e) => set({ op: e.target.value, value: undefined })}>
        <option value="">choose…</option>
        {operatorsOf(ctx, field).map((op) => <option key={op} value={op}>{OPERATOR_LABELS[op] ?? op}</option>)}
      </select>
      {field && <ValueInput field={field} op={node.op} value={node.value} units={ctx.fields.timeUnits} label={label} onChange={(value) => set({ value })} />}
    </>
  );
}

/** One node of the tree: its editor, its tools, the API's refusals at it, and where to drop a dragged node. */
function NodeEditor({ ctx, node, label, topIndex, dropProps }: {
  ctx: TreeContext;
  node: EditorNode;
  label: string;
  topIndex?: number;
  dropProps: { onDragOver: (e: DragEvent) => void; onDrop: (e: DragEvent) => void; className?: string };
}) {
  const problems = problemsAt(ctx.paths.get(node.id), ctx.problems, node.kind === 'condition');
  const count = topIndex !== undefined ? ctx.topCounts?.[topIndex] : undefined;
  return (
    <li className={`rule-node${problems.length ? ' invalid' : ''} ${dropProps.className ?? ''}`} draggable aria-label={label}
      onDragStart={(e) => { e.stopPropagation(); e.dataTransfer.setData(DRAG_TYPE, node.id); }} onDragOver={dropProps.onDragOver} onDrop={dropProps.onDrop}>
      <div className="rule-line">
        <span className="drag-handle" aria-hidden="true">⠿</span>
        {node.kind === 'condition' ? <ConditionEditor ctx={ctx} node={node} label={label} /> : <GroupEditor ctx={ctx} group={node} label={label} />}
        {node.kind === 'condition' && <NodeTools ctx={ctx} node={node} label={label} />}
        {count !== undefined && <span className="condition-count" aria-label={`${label} matches`}>{number(count)}</span>}
      </div>
      {problems.map((p) => <p key={p} className="field-error" role="alert">{p}</p>)}
    </li>
  );
}

/** A group: all or any of its children (not: none of them), each child a condition or a group; drop a dragged node here. */
export function GroupEditor({ ctx, group, label }: { ctx: TreeContext; group: EditorGroup; label: string }) {
  const [dropAt, setDropAt] = useState<number | null>(null);
  const isRoot = group.id === ctx.root.id;
  const drop = (index: number) => (e: DragEvent) => {
    const id = e.dataTransfer.getData(DRAG_TYPE);
    e.preventDefault();
    e.stopPropagation();
    setDropAt(null);
    if (id) ctx.onChange(moveNode(ctx.root, id, group.id, index));
  };
  const over = (index: number) => (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.stopPropagation();
    setDropAt(index);
  };
  return (
    <div className="rule-group" role="group" aria-label={isRoot ? 'Rule' : label}>
      <div className="group-head">
        <label>
          <span className="visually-hidden">{isRoot ? 'The rule' : label} matches when</span>
          <select aria-label={`${isRoot ? 'Rule' : label}: match`} value={group.mode} onChange={(e) => ctx.onChange(updateNode(ctx.root, group.id, { mode: e.target.value as 'all' | 'any' }))}>
            <option value="all">all of these hold</option>
            <option value="any">any of these holds</option>
          </select>
        </label>
        {!isRoot && <NodeTools ctx={ctx} node={group} label={label} />}
      </div>
      <ol className="rule-children" onDragLeave={() => setDropAt(null)}>
        {group.children.map((child, i) => (
          <NodeEditor key={child.id} ctx={ctx} node={child} label={`${label} ${child.kind === 'group' ? 'group' : 'condition'} ${i + 1}`.trim()} topIndex={isRoot ? i : undefined}
            dropProps={{ onDragOver: over(i), onDrop: drop(i), className: dropAt === i ? 'drop-before' : undefined }} />
        ))}
        <li className={`drop-end${dropAt === group.children.length ? ' drop-before' : ''}`} onDragOver={over(group.children.length)} onDrop={drop(group.children.length)}>
          <button type="button" className="secondary" onClick={() => ctx.onChange(appendTo(ctx.root, group.id, emptyCondition()))}>+ Condition</button>
          <button type="button" className="secondary" onClick={() => ctx.onChange(appendTo(ctx.root, group.id, emptyGroup(group.mode === 'all' ? 'any' : 'all')))}>+ Group</button>
        </li>
      </ol>
    </div>
  );
}
