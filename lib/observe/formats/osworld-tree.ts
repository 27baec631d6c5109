import { LambError } from '../../model/errors.js';
import type { SnapshotData, UINode } from '../../model/index.js';

/**
 * The element tree OSWorld's `/accessibility` endpoint builds from the desktop (docs/OSWORLD_FORMAT.md),
 * made from lam-bridge snapshots instead of a pyatspi walk: the common input of the osworld-xml serializer
 * and the osworld linearizer. Every rule here is one of the notes':
 *
 * - one element per accessible; tag = role name, spaces to '-', '' → 'unknown';
 * - attributes in OSWorld's order: name; st:STATE="true" per state set; attr:KEY per object attribute;
 *   cp:screencoord / cp:size (Python tuple repr) for visible and showing nodes with Component; image and
 *   selection for those interfaces; val:value/min/max/step (Python float repr) where read; act:NAME_desc and
 *   act:NAME_kb per action;
 * - text: the Text interface's text without U+FFFC/U+FFFD, only when not empty;
 * - the application is depth 1 and a node at depth 50 is written without children; only the first 1024
 *   children of a node are kept, except a spreadsheet's table, whose (showing) cells are all kept;
 * - a node lxml would refuse (an attribute name that is not an XML name, a string with control characters)
 *   drops itself and its later siblings, as OSWorld's single try block around a child loop does.
 *
 * How a lam-bridge snapshot maps onto the desktop: a snapshot of an application is its <application>
 * element, exactly; a snapshot of a window or an element is wrapped in an <application> with the app's name
 * only (its other facts and windows are not in the snapshot). Several snapshots (one per app) make a whole
 * desktop, in the order given (OSWorld's order is that of its threads finishing: not deterministic).
 */

export const OSWORLD_NAMESPACES: readonly (readonly [string, string])[] = Object.freeze([
  ['st', 'https://accessibility.ubuntu.example.org/ns/state'],
  ['attr', 'https://accessibility.ubuntu.example.org/ns/attributes'],
  ['cp', 'https://accessibility.ubuntu.example.org/ns/component'],
  ['doc', 'https://accessibility.ubuntu.example.org/ns/document'],
  ['docattr', 'https://accessibility.ubuntu.example.org/ns/document/attributes'],
  ['txt', 'https://accessibility.ubuntu.example.org/ns/text'],
  ['val', 'https://accessibility.ubuntu.example.org/ns/value'],
  ['act', 'https://accessibility.ubuntu.example.org/ns/action'],
] as const);

/** OSWorld's MAX_DEPTH (the application is depth 1) and MAX_WIDTH. */
export const OSWORLD_MAX_DEPTH = 50;
export const OSWORLD_MAX_WIDTH = 1024;

/** One element: attribute names carry their prefix ('st:showing'), as they are serialized. */
export interface OsworldElement {
  tag: string;
  attributes: [string, string][];
  text: string | null;
  children: OsworldElement[];
}

/** A root <desktop-frame> holding one <application> per snapshot. Needs snapshots taken with extendedFacts. */
export function osworldTree(snapshots: readonly SnapshotData[]): OsworldElement {
  const desktop: OsworldElement = { tag: 'desktop-frame', attributes: [], text: null, children: [] };
  for (const snapshot of snapshots) {
    const app = osworldApplication(snapshot);
    // lxml refusing the application's own node fails OSWorld's whole request; here that app is left out.
    if (app !== null) desktop.children.push(app);
  }
  return desktop;
}

function osworldApplication(snapshot: SnapshotData): OsworldElement | null {
  const nodes = snapshot.nodes;
  const root = nodes[0];
  if (root === undefined) return null;
  if (root.facts === undefined)
    throw new LambError(
      'INVALID_ARGUMENT',
      'observe (osworld): the snapshot has no platform facts; take it with extendedFacts: true ' +
        '(lamb snapshot does for --format osworld and osworld-xml)',
    );
  const children = childIndex(nodes);
  if (root.rawRole === 'application') return element(nodes, children, 0, 1, false);
  const app: OsworldElement = { tag: 'application', attributes: [['name', snapshot.app.name]], text: null, children: [] };
  const top = element(nodes, children, 0, 2, false);
  if (top !== null) app.children.push(top);
  return app;
}

function childIndex(nodes: readonly UINode[]): number[][] {
  const byRef = new Map<string, number>();
  const children: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    byRef.set(n.ref, i);
    const p = n.parent === null ? undefined : byRef.get(n.parent);
    if (p !== undefined) children[p]!.push(i);
  });
  return children;
}

/** OSWorld's _create_atspi_node for nodes[i]; null where lxml would raise. */
function element(nodes: readonly UINode[], children: number[][], i: number, depth: number, inCalc: boolean): OsworldElement | null {
  const node = nodes[i]!;
  const facts = node.facts;
  if (facts === undefined) return null;
  const tag = node.rawRole.trim().replaceAll(' ', '-') || 'unknown';
  const calc = inCalc || node.rawRole === 'document spreadsheet';
  const attributes: [string, string][] = [['name', node.name]];
  const states = new Set(facts.states);
  for (const s of facts.states) attributes.push([`st:${s}`, 'true']);
  for (const [key, value] of facts.attributes) setAttribute(attributes, `attr:${key}`, value);
  if (states.has('visible') && states.has('showing') && facts.interfaces.includes('Component') && facts.extents !== null) {
    const [x, y, w, h] = facts.extents;
    attributes.push(['cp:screencoord', `(${x}, ${y})`], ['cp:size', `(${w}, ${h})`]);
  }
  if (facts.interfaces.includes('Image')) attributes.push(['image', 'true']);
  if (facts.interfaces.includes('Selection')) attributes.push(['selection', 'true']);
  if (facts.range !== null) {
    const { current, min, max, step } = facts.range;
    if (current !== null) attributes.push(['val:value', pyFloatRepr(current)]);
    if (min !== null) attributes.push(['val:min', pyFloatRepr(min)]);
    if (max !== null) attributes.push(['val:max', pyFloatRepr(max)]);
    if (step !== null) attributes.push(['val:step', pyFloatRepr(step)]);
  }
  for (const a of facts.actions) {
    const name = a.name.replaceAll(' ', '-');
    setAttribute(attributes, `act:${name}_desc`, a.description);
    setAttribute(attributes, `act:${name}_kb`, a.keyBinding);
  }
  if (!validTag(tag) || !attributes.every(([k, v]) => validAttributeName(k) && xmlCompatible(v))) return null;
  let text: string | null = null;
  if (facts.text !== null) {
    const t = facts.text.replace(/[\uFFFC\uFFFD]/g, '');
    if (t !== '') {
      if (!xmlCompatible(t)) return null;
      text = t;
    }
  }
  const out: OsworldElement = { tag, attributes, text, children: [] };
  if (depth >= OSWORLD_MAX_DEPTH) return out;
  // A spreadsheet's table lists its showing cells (see the notes' Calc case): no width cap there.
  const cap = calc && node.rawRole === 'table' ? Infinity : OSWORLD_MAX_WIDTH;
  const kids = children[i]!;
  for (let k = 0; k < kids.length && k < cap; k++) {
    const child = element(nodes, children, kids[k]!, depth + 1, calc);
    if (child === null) break;  // the child and its later siblings are lost
    out.children.push(child);
  }
  return out;
}

// A Python dict keeps a key's first position when it is set again.
function setAttribute(attributes: [string, string][], key: string, value: string): void {
  const at = attributes.findIndex(([k]) => k === key);
  if (at >= 0) attributes[at]![1] = value;
  else attributes.push([key, value]);
}

// lxml's name check: an XML Name (libxml2 xmlValidateNameValue) without ':' (the prefix is ours).
const XML_NAME = /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]*$/u;

function validTag(tag: string): boolean {
  return XML_NAME.test(tag) && !tag.includes(':');
}

function validAttributeName(key: string): boolean {
  const colon = key.indexOf(':');
  const local = colon < 0 ? key : key.slice(colon + 1);
  return XML_NAME.test(local) && !local.includes(':');
}

/** lxml accepts a string only without NUL or control characters (tab, newline and CR aside), U+FFFE/U+FFFF or lone surrogates. */
export function xmlCompatible(s: string): boolean {
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Python's str() of a float: the shortest round-trip digits, '.0' on integers, exponent below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const int = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = digits.slice(e + 1);
  return `${sign}${int}.${frac === '' ? '0' : frac}`;
}
