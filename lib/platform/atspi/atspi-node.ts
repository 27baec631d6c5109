import { LambError, StateName } from '../../model/index.js';
import type { Rect, UINode } from '../../model/index.js';
import type { RawAtspiNode } from './atspi-raw.js';
import { AtspiRole, atspiRoleName, controlTypeForAtspi } from './atspi-roles.js';
import { decodeAtspiStates } from './atspi-states.js';
import { atspiFacts } from './atspi-facts.js';

/** What AT-SPI toolkits (GTK3, LibreOffice) report as the position of a node that is not on screen. */
const OFFSCREEN_COORDINATE = -2147483648;

/**
 * The rect of a raw node, or null when it tells nothing about where to click: no extents were read, the
 * toolkit returned its off-screen sentinel (x = y = INT32_MIN, 1x1), or the box is empty.
 */
export function atspiRect(raw: RawAtspiNode['rect']): Rect | null {
  if (raw === null) return null;
  const x = raw[0];
  const y = raw[1];
  const width = raw[2];
  const height = raw[3];
  // Either coordinate alone is enough: no real screen reaches 2^31 pixels to the left or above.
  if (x === OFFSCREEN_COORDINATE || y === OFFSCREEN_COORDINATE) return null;
  if (!(width > 0 && height > 0)) return null;
  return { x, y, width, height };
}

/**
 * Raw AT-SPI facts (pre-order, parents by index) to the contract's UINode list, node for node and in the same
 * order. Runs once per snapshot over every node, so it is plain loops over plain objects: no zod parsing (the
 * output is correct by construction and the schema tests check it), no per-node closures.
 *
 * - parent: the parent's ref (null for the snapshot root, parent -1). A parent index that does not point to an
 *   earlier node breaks the pre-order contract with the addon and throws INTERNAL rather than building a tree
 *   with dangling parents.
 * - role: the UIA control type, from the role and, where it matters, the parent's role (controlTypeForAtspi).
 * - automationId: the AccessibleId, null when absent or empty (a D-Bus string property cannot be null, so
 *   toolkits send "" for "none").
 * - actions: [] when the addon did not read them; names lower-cased (GTK says "Click", LibreOffice "click":
 *   a model and the executor should see one spelling). Their order is kept: it is the Action index.
 * - description: only when non-empty; childCount: only when the app reported one (not -1).
 *
 * `options.rootParentRole` is the AtspiRole of the snapshot root's parent when the root is a subtree (for a
 * snapshot below an application that is AtspiRole.APPLICATION, else the nearest ancestor's role). Without it a
 * root dialog or chooser is taken to be top-level (Window); with it, one nested in a window becomes Pane.
 */
/**
 * States a role implies whether or not the toolkit says so: toggles are checkable (LibreOffice's toggle
 * buttons, such as Bold, report no CHECKABLE; UIA would give them a Toggle pattern), and an application
 * object, which no toolkit marks ENABLED, is not disabled (a model would read "[disabled]" on the root).
 */
const IMPLIED_STATES: ReadonlyMap<number, StateName> = new Map<number, StateName>([
  [AtspiRole.CHECK_BOX, 'checkable'],
  [AtspiRole.CHECK_MENU_ITEM, 'checkable'],
  [AtspiRole.RADIO_BUTTON, 'checkable'],
  [AtspiRole.RADIO_MENU_ITEM, 'checkable'],
  [AtspiRole.TOGGLE_BUTTON, 'checkable'],
  [AtspiRole.APPLICATION, 'enabled'],
]);

function withImpliedStates(states: StateName[], role: number): StateName[] {
  const implied = IMPLIED_STATES.get(role);
  if (implied === undefined || states.includes(implied)) return states;
  // Keep the StateName order (decodeAtspiStates' order).
  const order = StateName.options;
  return [...states, implied].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

const ENABLED_BIT = 1 << 8; // AtspiStateType.ENABLED, word 0
const SENSITIVE_BIT = 1 << 24; // AtspiStateType.SENSITIVE, word 0
const SHOWING_BIT = 1 << 25; // AtspiStateType.SHOWING, word 0
const VISIBLE_BIT = 1 << 30; // AtspiStateType.VISIBLE, word 0

/**
 * The states of a node of an app that leaves SHOWING out (RawAtspiSnapshot.showingInferred: GTK 4.8): SHOWING
 * when it is VISIBLE and its extents, where read, have some size (the rule native/linux/tree_reader.cc's
 * Showing() walked by), and ENABLED when it is SENSITIVE, since the same toolkit never
 * sets ENABLED either (its controls would all be refused as disabled).
 */
function inferredStates(r: RawAtspiNode): [number, number] {
  let [low, high] = r.states;
  if ((low & VISIBLE_BIT) !== 0 && (r.rect === null || (r.rect[2] > 0 && r.rect[3] > 0))) low |= SHOWING_BIT;
  if ((low & SENSITIVE_BIT) !== 0) low |= ENABLED_BIT;
  return [low >>> 0, high];
}

export function normalizeAtspiNodes(
  raw: readonly RawAtspiNode[],
  options?: { rootParentRole?: number; showingInferred?: boolean },
): UINode[] {
  const showingInferred = options?.showingInferred === true;
  const rootParentRole = options?.rootParentRole;
  const count = raw.length;
  const out: UINode[] = new Array<UINode>(count);
  for (let i = 0; i < count; i++) {
    const r = raw[i] as RawAtspiNode;
    const p = r.parent;
    let parentRef: string | null = null;
    let parentRole: number | undefined = rootParentRole;
    if (p !== -1) {
      if (!(Number.isInteger(p) && p >= 0 && p < i)) {
        throw new LambError(
          'INTERNAL',
          `snapshot (normalizeAtspiNodes): node ${i} (${r.ref}) has parent index ${p}; ` +
            'expected -1 or the index of an earlier node',
        );
      }
      const parent = raw[p] as RawAtspiNode;
      parentRef = parent.ref;
      parentRole = parent.role;
    }
    const node: UINode = {
      ref: r.ref,
      parent: parentRef,
      role: controlTypeForAtspi(r, parentRole),
      rawRole: atspiRoleName(r.role),
      name: r.name,
      value: r.value,
      automationId: r.id === null || r.id === '' ? null : r.id,
      states: withImpliedStates(decodeAtspiStates(showingInferred ? inferredStates(r) : r.states), r.role),
      rect: atspiRect(r.rect),
      actions: r.actions ? r.actions.map((a) => a.toLowerCase()) : [],
    };
    if (r.description !== '') node.description = r.description;
    if (r.childCount >= 0) node.childCount = r.childCount;
    const facts = atspiFacts(r);
    if (facts !== undefined) node.facts = facts;
    out[i] = node;
  }
  return out;
}
