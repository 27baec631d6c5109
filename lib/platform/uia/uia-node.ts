import { LambError } from '../../model/index.js';
import type { ControlType, PlatformFacts, Rect, UINode } from '../../model/index.js';
import type { RawUiaNode } from '../../../bindings/raw.js';
import { controlTypeForUia, uiaRawRoleName } from './uia-control-types.js';
import { controlTypeForMsaaRole, msaaRoleName } from './msaa-roles.js';
import { uiaActionVerbs, uiaPatternNames } from './uia-patterns.js';
import { uiaStateNames, uiaStates } from './uia-states.js';

/**
 * The rect of a raw node, or null when it tells nothing about where to click: an empty box (UIA gives
 * 0,0,0,0 for an element with no extent) or a minimized window's parking place (-32000, -32000: the
 * documented position Windows moves a minimized top-level to).
 */
export function uiaRect(raw: RawUiaNode['rect']): Rect | null {
  if (raw === null) return null;
  const [x, y, width, height] = raw;
  if (!(width > 0 && height > 0)) return null;
  if (x <= -32000 && y <= -32000) return null;
  return { x, y, width, height };
}

/**
 * The role and the raw role of a node: UIA's control type, or for a node read through IAccessible
 * (source 'msaa') the MSAA role's control type and "ROLE_SYSTEM_..." name, so that the raw role says
 * which API the facts came from.
 */
export function uiaRoles(r: RawUiaNode): { role: ControlType; rawRole: string } {
  if (r.source === 'msaa' && r.msaaRole !== null) return { role: controlTypeForMsaaRole(r.msaaRole), rawRole: msaaRoleName(r.msaaRole) };
  return { role: controlTypeForUia(r.controlType), rawRole: uiaRawRoleName(r.controlType) };
}

/** UINode.facts of a node (snapshots with extendedFacts): UIA's own names for what the node says. */
export function uiaFacts(r: RawUiaNode): PlatformFacts {
  const attributes: [string, string][] = [];
  if (r.className !== '') attributes.push(['ClassName', r.className]);
  if (r.frameworkId !== '') attributes.push(['FrameworkId', r.frameworkId]);
  if (r.automationId !== '') attributes.push(['AutomationId', r.automationId]);
  if (r.hwnd !== 0) attributes.push(['NativeWindowHandle', String(r.hwnd)]);
  attributes.push(['ProcessId', String(r.pid)]);
  if (r.msaaRole !== null) attributes.push(['accRole', String(r.msaaRole)]);
  return {
    states: uiaStateNames(r),
    interfaces: uiaPatternNames(r.patterns),
    extents: r.rect,
    attributes,
    text: r.value,
    range: r.range === null ? null : { current: r.range[0], min: r.range[1], max: r.range[2], step: r.range[3] },
    actions: uiaActionVerbs(r.patterns, r).map((name) => ({ name, description: '', keyBinding: '' })),
  };
}

/**
 * Raw UIA facts (pre-order, parents by index) to the contract's UINode list, node for node and in the same
 * order; the same loop shape as normalizeAtspiNodes (plain loops, no zod: the schema tests check the output).
 * A parent index that does not point to an earlier node breaks the pre-order contract with native/win and
 * throws INTERNAL. automationId "" (UIA's "none") is null; childCount only when known (not -1).
 */
export function normalizeUiaNodes(raw: readonly RawUiaNode[], options?: { extendedFacts?: boolean }): UINode[] {
  const extended = options?.extendedFacts === true;
  const out: UINode[] = new Array<UINode>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as RawUiaNode;
    const p = r.parent;
    let parentRef: string | null = null;
    if (p !== -1) {
      if (!(Number.isInteger(p) && p >= 0 && p < i)) {
        throw new LambError(
          'INTERNAL',
          `snapshot (normalizeUiaNodes): node ${i} (${r.ref}) has parent index ${p}; expected -1 or the index of an earlier node`,
        );
      }
      parentRef = (raw[p] as RawUiaNode).ref;
    }
    const { role, rawRole } = uiaRoles(r);
    const node: UINode = {
      ref: r.ref,
      parent: parentRef,
      role,
      rawRole,
      name: r.name,
      value: r.value,
      automationId: r.automationId === '' ? null : r.automationId,
      states: uiaStates(r, role),
      rect: uiaRect(r.rect),
      actions: uiaActionVerbs(r.patterns, r),
    };
    if (r.childCount >= 0) node.childCount = r.childCount;
    if (extended) node.facts = uiaFacts(r);
    out[i] = node;
  }
  return out;
}
