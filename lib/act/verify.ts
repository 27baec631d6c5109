import type { Change, ElementState, StateName, UINode, Verdict } from '../model/index.js';
import type { SnapshotDiff } from '../snapshot/diff.js';

/** What an action should have brought about: the postcondition its verification polls for. */
export type Expectation =
  | { kind: 'text'; equals: string }
  | { kind: 'value'; equals: number | string }
  | { kind: 'state'; state: StateName; present: boolean }
  | { kind: 'visible' }
  /** Any observable change in the window (a plain click, keys, the wheel). */
  | { kind: 'change' }
  /** Nothing to check (texts, wait, summary): the action is its own evidence. */
  | { kind: 'none' };

export function describeExpectation(e: Expectation): string {
  switch (e.kind) {
    case 'text': return `text equals ${JSON.stringify(e.equals)}`;
    case 'value': return `value equals ${JSON.stringify(e.equals)}`;
    case 'state': return `${e.present ? '' : 'not '}${e.state}`;
    case 'visible': return 'visible on screen';
    case 'change': return 'any observable change in the window';
    case 'none': return 'nothing to verify';
  }
}

export function elementState(node: UINode): ElementState {
  return { ref: node.ref, role: node.role, name: node.name, value: node.value, states: node.states, rect: node.rect };
}

/** Whether a freshly read target meets the expectation (not used for 'change' and 'none'). */
export function meets(e: Expectation, node: UINode): boolean {
  switch (e.kind) {
    case 'text': return (node.value ?? '') === e.equals;
    case 'value':
      return typeof e.equals === 'number' ? Number(node.value) === e.equals : (node.value ?? '') === e.equals;
    case 'state': return node.states.includes(e.state) === e.present;
    case 'visible': return node.states.includes('visible') && node.rect !== null;
    default: return true;
  }
}

/** The target's own changes, field by field. */
export function targetChanges(before: UINode, after: UINode): Change[] {
  const changes: Change[] = [];
  const field = (name: 'name' | 'value' | 'states' | 'rect', b: unknown, a: unknown) =>
    changes.push({ ref: after.ref, kind: 'changed', field: name, before: b, after: a });
  if (before.name !== after.name) field('name', before.name, after.name);
  if (before.value !== after.value) field('value', before.value, after.value);
  const added = after.states.filter((s) => !before.states.includes(s));
  const removed = before.states.filter((s) => !after.states.includes(s));
  if (added.length || removed.length) field('states', { removed }, { added });
  if (JSON.stringify(before.rect) !== JSON.stringify(after.rect)) field('rect', before.rect, after.rect);
  return changes;
}

/**
 * States whose change is an effect a person would notice. Geometry and animated values (progress bars,
 * spinners) change on their own and would make any click look effective.
 */
const MEANINGFUL_STATES: ReadonlySet<StateName> = new Set([
  'checked', 'mixed', 'pressed', 'selected', 'expanded', 'collapsed', 'focused', 'visible', 'enabled', 'editable',
]);

const MAX_CHANGES = 50;

/** The observable effects in a window diff, as evidence entries (bounded). */
export function meaningfulChanges(diff: SnapshotDiff, animated: (ref: string) => boolean): Change[] {
  const out: Change[] = [];
  for (const n of diff.added) out.push({ ref: n.ref, kind: 'added', field: 'node', after: `${n.role} '${n.name}'` });
  for (const n of diff.removed) out.push({ ref: n.ref, kind: 'removed', field: 'node', before: `${n.role} '${n.name}'` });
  for (const c of diff.changed) {
    const f = c.fields;
    if (f.name) out.push({ ref: c.ref, kind: 'changed', field: 'name', before: f.name[0], after: f.name[1] });
    if (f.value && !animated(c.ref)) out.push({ ref: c.ref, kind: 'changed', field: 'value', before: f.value[0], after: f.value[1] });
    if (f.states) {
      const added = f.states.added.filter((s) => MEANINGFUL_STATES.has(s));
      const removed = f.states.removed.filter((s) => MEANINGFUL_STATES.has(s));
      if (added.length || removed.length)
        out.push({ ref: c.ref, kind: 'changed', field: 'states', before: { removed }, after: { added } });
    }
  }
  return out.slice(0, MAX_CHANGES);
}

export function verdictFor(satisfied: boolean): Verdict {
  return satisfied ? 'verified' : 'unverified';
}
