/**
 * The segment rule as the builder edits it: groups and conditions with ids (for keys, focus and
 * drag and drop), negation as a flag on each node. It converts to and from the API's rule (a tree of
 * `all` / `any` / `not` over `{ field, op, value }`), and names each node by the path the API uses
 * in its refusals (`rule.all[1].value`), so a message lands at the node it is about.
 */
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | { field: string; op: string; value?: unknown };

export type EditorCondition = { id: string; kind: 'condition'; negated: boolean; field: string; op: string; value?: unknown };
export type EditorGroup = { id: string; kind: 'group'; negated: boolean; mode: 'all' | 'any'; children: EditorNode[] };
export type EditorNode = EditorCondition | EditorGroup;

let counter = 0;
export const newId = () => `n${++counter}`;

export const emptyCondition = (): EditorCondition => ({ id: newId(), kind: 'condition', negated: false, field: '', op: '' });
export const emptyGroup = (mode: 'all' | 'any' = 'all', children: EditorNode[] = [emptyCondition()]): EditorGroup => ({ id: newId(), kind: 'group', negated: false, mode, children });

export function fromRule(rule: RuleNode, negated = false): EditorNode {
  if ('not' in rule) return fromRule(rule.not, !negated);
  if ('all' in rule) return { id: newId(), kind: 'group', negated, mode: 'all', children: rule.all.map((r) => fromRule(r)) };
  if ('any' in rule) return { id: newId(), kind: 'group', negated, mode: 'any', children: rule.any.map((r) => fromRule(r)) };
  return { id: newId(), kind: 'condition', negated, field: rule.field, op: rule.op, ...('value' in rule ? { value: rule.value } : {}) };
}

/** The builder's root is always a group, so conditions can be added beside a template's single one. */
export function rootFromRule(rule: RuleNode | null): EditorGroup {
  if (!rule) return emptyGroup();
  const node = fromRule(rule);
  return node.kind === 'group' && !node.negated ? node : emptyGroup('all', [node]);
}

/** The API's rule, and each node's path in it. A group of one is sent as that one node. */
export function toRule(root: EditorGroup): { rule: RuleNode; paths: Map<string, string> } {
  const paths = new Map<string, string>();
  const build = (node: EditorNode, path: string): RuleNode => {
    const inner = node.negated ? `${path}.not` : path;
    paths.set(node.id, inner);
    let built: RuleNode;
    if (node.kind === 'condition') {
      built = { field: node.field, op: node.op, ...(node.value !== undefined ? { value: node.value } : {}) };
    } else if (node.children.length === 1 && node !== root) {
      built = build(node.children[0], inner);
      paths.set(node.id, inner);
    } else {
      built = { [node.mode]: node.children.map((child, i) => build(child, `${inner}.${node.mode}[${i}]`)) } as RuleNode;
    }
    return node.negated ? { not: built } : built;
  };
  return { rule: build(root, 'rule'), paths };
}

/** The problems the API named at paths inside this node (its own, not its children's). */
export function problemsAt(path: string | undefined, problems: Record<string, string>, isCondition: boolean): string[] {
  if (!path) return [];
  return Object.entries(problems)
    .filter(([at]) => at === path || (isCondition && (at.startsWith(`${path}.`) || at.startsWith(`${path}[`))))
    .map(([, message]) => message);
}

// Tree edits, each returning a new root.

function mapTree(node: EditorNode, change: (n: EditorNode) => EditorNode): EditorNode {
  const changed = change(node);
  return changed.kind === 'group' ? { ...changed, children: changed.children.map((c) => mapTree(c, change)) } : changed;
}

export function updateNode(root: EditorGroup, id: string, patch: Partial<EditorCondition> | Partial<EditorGroup>): EditorGroup {
  return mapTree(root, (n) => (n.id === id ? ({ ...n, ...patch } as EditorNode) : n)) as EditorGroup;
}

export function removeNode(root: EditorGroup, id: string): EditorGroup {
  return mapTree(root, (n) => (n.kind === 'group' ? { ...n, children: n.children.filter((c) => c.id !== id) } : n)) as EditorGroup;
}

export function appendTo(root: EditorGroup, groupId: string, child: EditorNode): EditorGroup {
  return mapTree(root, (n) => (n.id === groupId && n.kind === 'group' ? { ...n, children: [...n.children, child] } : n)) as EditorGroup;
}

export function findNode(node: EditorNode, id: string): EditorNode | undefined {
  if (node.id === id) return node;
  return node.kind === 'group' ? node.children.map((c) => findNode(c, id)).find(Boolean) : undefined;
}

function parentOf(node: EditorGroup, id: string): EditorGroup | undefined {
  if (node.children.some((c) => c.id === id)) return node;
  return node.children.filter((c): c is EditorGroup => c.kind === 'group').map((g) => parentOf(g, id)).find(Boolean);
}

/** Moves a node into a group at an index (drag and drop); never into itself or its own descendants. */
export function moveNode(root: EditorGroup, id: string, targetGroupId: string, index: number): EditorGroup {
  const moving = findNode(root, id);
  if (!moving || moving.id === root.id || findNode(moving, targetGroupId)) return root;
  const from = parentOf(root, id)!;
  const fromIndex = from.children.findIndex((c) => c.id === id);
  const adjusted = from.id === targetGroupId && fromIndex < index ? index - 1 : index;
  const without = removeNode(root, id);
  return mapTree(without, (n) => (n.id === targetGroupId && n.kind === 'group'
    ? { ...n, children: [...n.children.slice(0, adjusted), moving, ...n.children.slice(adjusted)] }
    : n)) as EditorGroup;
}

/** Up or down among its siblings (the keyboard's way to regroup, with `indent` and `outdent`). */
export function shiftNode(root: EditorGroup, id: string, by: -1 | 1): EditorGroup {
  const parent = parentOf(root, id);
  if (!parent) return root;
  const at = parent.children.findIndex((c) => c.id === id);
  const to = at + by;
  if (to < 0 || to >= parent.children.length) return root;
  return moveNode(root, id, parent.id, by > 0 ? to + 1 : to);
}

/** Into a new group with the sibling above it (indent), or out of its group to follow it (outdent). */
export function indentNode(root: EditorGroup, id: string): EditorGroup {
  const parent = parentOf(root, id);
  if (!parent) return root;
  const at = parent.children.findIndex((c) => c.id === id);
  if (at === 0) return root;
  const above = parent.children[at - 1];
  const node = parent.children[at];
  if (above.kind === 'group') return moveNode(root, id, above.id, above.children.length);
  const group = emptyGroup(parent.mode === 'all' ? 'any' : 'all', [above, node]);
  return mapTree(root, (n) => (n.id === parent.id && n.kind === 'group'
    ? { ...n, children: [...n.children.slice(0, at - 1), group, ...n.children.slice(at + 1)] }
    : n)) as EditorGroup;
}

export function outdentNode(root: EditorGroup, id: string): EditorGroup {
  const parent = parentOf(root, id);
  if (!parent || parent.id === root.id) return root;
  const grand = parentOf(root, parent.id)!;
  return moveNode(root, id, grand.id, grand.children.findIndex((c) => c.id === parent.id) + 1);
}

/** A rule is sent for preview only once every condition names a field and an operator. */
export function isComplete(node: EditorNode): boolean {
  return node.kind === 'condition' ? !!node.field && !!node.op : node.children.length > 0 && node.children.every(isComplete);
}
