import { createRequire } from 'node:module';
import type { SnapshotData } from '../../model/index.js';
import { PLAIN_TEXT } from '../token-budget.js';
import { osworldTree, type OsworldElement } from './osworld-tree.js';

/**
 * The table OSWorld's agents read (mm_agents/agent.py linearize_accessibility_tree + trim_accessibility_tree,
 * platform "ubuntu"; docs/OSWORLD_FORMAT.md): one tab-separated row per element judge_node keeps, in
 * document order, under a header; then cut to maxTokens tokens of tiktoken's cl100k_base ("gpt-4").
 */
export interface OsworldOptions {
  /** PromptAgent's a11y_tree_max_tokens (default 10000). */
  maxTokens?: number;
  /** The set-of-marks view's judge_node: an element with the Image interface counts as named. */
  checkImage?: boolean;
}

export const OSWORLD_HEADER = 'tag\tname\ttext\tclass\tdescription\tposition (top-left x&y)\tsize (w&h)';
export const OSWORLD_MAX_TOKENS = 10000;

export interface OsworldResult {
  text: string;
  truncated: boolean;
  omitted: number;
}

export function formatOsworld(snapshots: SnapshotData | readonly SnapshotData[], options: OsworldOptions = {}): OsworldResult {
  const list = Array.isArray(snapshots) ? (snapshots as readonly SnapshotData[]) : [snapshots as SnapshotData];
  const rows = linearizeOsworld(osworldTree(list), options.checkImage ?? false);
  const full = [OSWORLD_HEADER, ...rows].join('\n');
  const { text, cut } = trimOsworld(full, options.maxTokens ?? OSWORLD_MAX_TOKENS);
  // Rows not wholly in the text: those after the last complete line.
  const omitted = cut ? rows.length + 1 - (text.split('\n').length - 2) : 0;
  return { text, truncated: cut || list.some((s) => s.truncated), omitted: Math.max(0, omitted) };
}

/** The rows (header excluded) of the elements judge_node keeps, in pre-order. */
export function linearizeOsworld(root: OsworldElement, checkImage = false): string[] {
  const rows: string[] = [];
  const stack: OsworldElement[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (judgeNode(e, checkImage)) {
      const text = e.text === null || e.text === '' ? '""' : e.text.includes('"') ? `"${e.text.replaceAll('"', '""')}"` : e.text;
      // class and description come from the Windows namespace on Ubuntu too: always empty.
      rows.push([e.tag, get(e, 'name'), text, '', '', get(e, 'cp:screencoord'), get(e, 'cp:size')].join('\t'));
    }
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
  }
  return rows;
}

const KEPT_SUFFIXES = ['item', 'button', 'heading', 'label', 'scrollbar', 'searchbox', 'textbox', 'link', 'tabelement', 'textfield', 'textarea', 'menu'];
// OSWorld's set, Windows-only tags included (no AT-SPI role name gives them).
const KEPT_TAGS = new Set([
  'alert', 'canvas', 'check-box', 'checkbox', 'combo-box', 'combobox', 'entry', 'edit', 'icon', 'image', 'paragraph',
  'scroll-bar', 'section', 'slider', 'static', 'table-cell', 'terminal', 'text', 'netuiribbontab', 'start',
  'trayclockwclass', 'traydummysearchcontrol', 'uiimage', 'uiproperty', 'uiribboncommandbar',
]);

/** judge_node(platform="ubuntu"): role kept, showing and visible, usable, named or with text, on screen. */
export function judgeNode(e: OsworldElement, checkImage = false): boolean {
  const tag = e.tag;
  const keptTag = tag.startsWith('document') || KEPT_SUFFIXES.some((s) => tag.endsWith(s)) || KEPT_TAGS.has(tag);
  if (!keptTag) return false;
  if (get(e, 'st:showing') !== 'true' || get(e, 'st:visible') !== 'true') return false;
  if (!['st:enabled', 'st:editable', 'st:expandable', 'st:checkable'].some((s) => get(e, s) === 'true')) return false;
  const named = get(e, 'name') !== '' || (e.text !== null && e.text !== '') || (checkImage && get(e, 'image') === 'true');
  if (!named) return false;
  const [x, y] = pair(e, 'cp:screencoord');
  const [w, h] = pair(e, 'cp:size');
  return x >= 0 && y >= 0 && w > 0 && h > 0;
}

function get(e: OsworldElement, name: string): string {
  for (const [k, v] of e.attributes) if (k === name) return v;
  return '';
}

// OSWorld eval()s the tuple repr it wrote; a missing one counts as (-1, -1).
function pair(e: OsworldElement, name: string): [number, number] {
  const m = /^\((-?\d+), (-?\d+)\)$/.exec(get(e, name));
  return m ? [Number(m[1]), Number(m[2])] : [-1, -1];
}

type Cl100k = typeof import('gpt-tokenizer/encoding/cl100k_base');
let encoder: Cl100k | undefined;
function cl100k(): Cl100k {
  // Loaded on first use, synchronously (see token-budget.ts for why not a static import).
  encoder ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/cl100k_base') as Cl100k;
  return encoder;
}

/**
 * trim_accessibility_tree: past maxTokens cl100k_base tokens, the first maxTokens decoded and "[...]\n" appended.
 * UI text spelling a special token is counted as text (PLAIN_TEXT), where OSWorld's tiktoken call would raise.
 */
export function trimOsworld(text: string, maxTokens: number): { text: string; cut: boolean } {
  const enc = cl100k();
  if (enc.isWithinTokenLimit(text, maxTokens, PLAIN_TEXT) !== false) return { text, cut: false };
  const tokens = enc.encode(text, PLAIN_TEXT);
  return { text: `${enc.decode(tokens.slice(0, maxTokens))}[...]\n`, cut: true };
}
