import type { SnapshotData } from '../../model/index.js';
import { OSWORLD_NAMESPACES, osworldTree, type OsworldElement } from './osworld-tree.js';

/** osworld-xml has no options: it is OSWorld's `/accessibility` XML as served, uncut. */
export type OsworldXmlOptions = Record<never, never>;

export interface OsworldXmlResult {
  text: string;
  truncated: boolean;
  omitted: number;
}

/**
 * OSWorld's accessibility tree XML (its `/accessibility` endpoint's "AT" string) of one or more app
 * snapshots taken with extendedFacts: serialized as lxml's tostring(root, encoding="unicode") writes it, with no
 * declaration, no indentation, the 8 namespace prefixes declared once on <desktop-frame>.
 */
export function formatOsworldXml(snapshots: SnapshotData | readonly SnapshotData[]): OsworldXmlResult {
  const list = Array.isArray(snapshots) ? (snapshots as readonly SnapshotData[]) : [snapshots as SnapshotData];
  return { text: serializeOsworld(osworldTree(list)), truncated: list.some((s) => s.truncated), omitted: 0 };
}

export function serializeOsworld(root: OsworldElement): string {
  const parts: string[] = [];
  write(root, parts, true);
  return parts.join('');
}

function write(e: OsworldElement, out: string[], isRoot: boolean): void {
  out.push('<', e.tag);
  if (isRoot) for (const [prefix, uri] of OSWORLD_NAMESPACES) out.push(' xmlns:', prefix, '="', escapeAttribute(uri), '"');
  for (const [k, v] of e.attributes) out.push(' ', k, '="', escapeAttribute(v), '"');
  if (e.text === null && e.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (e.text !== null) out.push(escapeText(e.text));
  for (const c of e.children) write(c, out, false);
  out.push('</', e.tag, '>');
}

// libxml2's escaping: text keeps quotes and whitespace but not CR; attributes escape quotes and whitespace.
function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

function escapeAttribute(s: string): string {
  return s.replace(/[&<>"\n\r\t]/g, (c) => ATTRIBUTE_ESCAPES[c] as string);
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;',
};
