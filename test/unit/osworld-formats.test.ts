import { describe, expect, it } from 'vitest';
import type { PlatformFacts, UINode } from '../../lib/model/node.js';
import type { SnapshotData } from '../../lib/model/snapshot.js';
import { formatOsworld, judgeNode, linearizeOsworld, OSWORLD_HEADER, trimOsworld } from '../../lib/observe/formats/osworld.js';
import { formatOsworldXml } from '../../lib/observe/formats/osworld-xml.js';
import { osworldTree, pyFloatRepr, xmlCompatible, type OsworldElement } from '../../lib/observe/formats/osworld-tree.js';
import { observe } from '../../lib/observe/observe.js';
import { atspiStateNames } from '../../lib/platform/atspi/atspi-facts.js';

const SHOWN = ['enabled', 'sensitive', 'showing', 'visible'];

function facts(extra: Partial<PlatformFacts> = {}): PlatformFacts {
  return {
    states: SHOWN, interfaces: ['Accessible', 'Component'], extents: [10, 20, 30, 40], attributes: [],
    text: null, range: null, actions: [], ...extra,
  };
}

function node(ref: string, parent: string | null, rawRole: string, name: string, f: Partial<PlatformFacts> = {}): UINode {
  return {
    ref, parent, role: 'Custom', rawRole, name, value: null, automationId: null, states: [], rect: null, actions: [],
    facts: facts(f),
  };
}

function snapshot(nodes: UINode[], appName = 'app'): SnapshotData {
  return { platform: 'atspi', app: { name: appName, pid: 1 }, window: null, root: nodes[0]!.ref, durationMs: 1, truncated: false, incomplete: false, nodes };
}

function el(tag: string, attrs: Record<string, string>, text: string | null = null, children: OsworldElement[] = []): OsworldElement {
  return { tag, attributes: Object.entries(attrs), text, children };
}

const ON_SCREEN = { 'st:showing': 'true', 'st:visible': 'true', 'st:enabled': 'true', 'cp:screencoord': '(1, 2)', 'cp:size': '(3, 4)' };

describe('pyFloatRepr (Python str of a float)', () => {
  it.each([
    [50, '50.0'], [178.10000000000002, '178.10000000000002'], [0, '0.0'], [-0, '-0.0'], [0.0001, '0.0001'],
    [0.00001, '1e-05'], [1.5e-7, '1.5e-07'], [1e16, '1e+16'], [1234567890123456.0, '1234567890123456.0'],
    [1.7976931348623157e308, '1.7976931348623157e+308'], [-2.5, '-2.5'], [Infinity, 'inf'], [NaN, 'nan'], [0.1, '0.1'],
  ])('%s → %s', (x, want) => {
    expect(pyFloatRepr(x)).toBe(want);
  });
});

describe('osworld-xml', () => {
  it('writes the root with its 8 namespaces, one element per node, OSWorld attribute order and rules', () => {
    const s = snapshot([
      node('a', null, 'application', 'gedit', { interfaces: ['Accessible', 'Application'], states: [], extents: null, attributes: [['toolkit', 'gtk']] }),
      node('f', 'a', 'frame', 'Doc "1" & <2>', { states: ['active', ...SHOWN, 'multi_line'] }),
      node('b', 'f', 'push button', 'OK', {
        interfaces: ['Accessible', 'Action', 'Component', 'Image'],
        actions: [{ name: 'click', description: 'Clicks the button', keyBinding: '' }, { name: 'do it', description: '', keyBinding: '<Alt>o' }],
      }),
      node('s', 'f', 'slider', '', { interfaces: ['Accessible', 'Component', 'Value'], range: { current: 50, min: 0, max: 100, step: null } }),
      node('t', 'f', 'text', '', { interfaces: ['Accessible', 'Text', 'Selection'], text: 'a\uFFFCb\uFFFD\n"c"', states: ['enabled', 'showing'] }),
      node('e', 'f', '', 'x', { interfaces: ['Accessible'], text: '\uFFFC' }),
    ]);
    const xml = formatOsworldXml(s).text;
    expect(xml).toBe(
      '<desktop-frame xmlns:st="https://accessibility.ubuntu.example.org/ns/state" xmlns:attr="https://accessibility.ubuntu.example.org/ns/attributes" ' +
        'xmlns:cp="https://accessibility.ubuntu.example.org/ns/component" xmlns:doc="https://accessibility.ubuntu.example.org/ns/document" ' +
        'xmlns:docattr="https://accessibility.ubuntu.example.org/ns/document/attributes" xmlns:txt="https://accessibility.ubuntu.example.org/ns/text" ' +
        'xmlns:val="https://accessibility.ubuntu.example.org/ns/value" xmlns:act="https://accessibility.ubuntu.example.org/ns/action">' +
        '<application name="gedit" attr:toolkit="gtk">' +
        '<frame name="Doc &quot;1&quot; &amp; &lt;2&gt;" st:active="true" st:enabled="true" st:sensitive="true" st:showing="true" st:visible="true" st:multi_line="true" cp:screencoord="(10, 20)" cp:size="(30, 40)">' +
        '<push-button name="OK" st:enabled="true" st:sensitive="true" st:showing="true" st:visible="true" cp:screencoord="(10, 20)" cp:size="(30, 40)" image="true" ' +
        'act:click_desc="Clicks the button" act:click_kb="" act:do-it_desc="" act:do-it_kb="&lt;Alt&gt;o"/>' +
        '<slider name="" st:enabled="true" st:sensitive="true" st:showing="true" st:visible="true" cp:screencoord="(10, 20)" cp:size="(30, 40)" val:value="50.0" val:min="0.0" val:max="100.0"/>' +
        // Not visible: no extents. Text without U+FFFC/U+FFFD.
        '<text name="" st:enabled="true" st:showing="true" selection="true">ab\n"c"</text>' +
        // No Component: no extents; empty role → unknown; text that is only U+FFFC is no text.
        '<unknown name="x" st:enabled="true" st:sensitive="true" st:showing="true" st:visible="true"/>' +
        '</frame></application></desktop-frame>',
    );
  });

  it('wraps a window snapshot in an application with the app name; several snapshots make a desktop', () => {
    const win = snapshot([node('w', null, 'frame', 'Win')], 'soffice');
    const app = snapshot([node('a', null, 'application', 'gedit', { states: [], extents: null })], 'gedit');
    const root = osworldTree([win, app]);
    expect(root.children.map((c) => [c.tag, c.attributes, c.children.map((g) => g.tag)])).toEqual([
      ['application', [['name', 'soffice']], ['frame']],
      ['application', [['name', 'gedit']], []],
    ]);
  });

  it('drops a node lxml would refuse together with its later siblings, keeping the earlier ones', () => {
    const s = snapshot([
      node('a', null, 'application', 'app'),
      node('1', 'a', 'label', 'first'),
      node('2', 'a', 'label', 'bad\u0001name'),
      node('3', 'a', 'label', 'third'),
      node('4', 'a', 'panel', 'p'),
      node('5', '4', 'label', 'x', { attributes: [['bad key', 'v']] }),
    ]);
    const app = osworldTree([s]).children[0]!;
    expect(app.children.map((c) => c.attributes[0]![1])).toEqual(['first']);
    expect(xmlCompatible('tab\tnl\ncr\r ok')).toBe(true);
    expect(xmlCompatible('\uD800')).toBe(false);
  });

  it('writes a node at depth 50 without children and keeps only 1024 children, except in a spreadsheet table', () => {
    const deep: UINode[] = [node('a', null, 'application', 'app')];
    for (let i = 1; i <= 60; i++) deep.push(node(`d${i}`, i === 1 ? 'a' : `d${i - 1}`, 'panel', ''));
    let e = osworldTree([snapshot(deep)]).children[0]!;
    let depth = 1;
    while (e.children.length > 0) {
      e = e.children[0]!;
      depth++;
    }
    expect(depth).toBe(50);
    const wide = (tableRole: string, docRole: string): number => {
      const nodes = [node('a', null, 'application', 'app'), node('doc', 'a', docRole, ''), node('t', 'doc', tableRole, '')];
      for (let i = 0; i < 1100; i++) nodes.push(node(`c${i}`, 't', 'table cell', `C${i}`));
      return osworldTree([snapshot(nodes)]).children[0]!.children[0]!.children[0]!.children.length;
    };
    expect(wide('table', 'document text')).toBe(1024);
    expect(wide('table', 'document spreadsheet')).toBe(1100);
  });

  it('asks for a snapshot taken with extendedFacts', () => {
    const plain = snapshot([{ ...node('a', null, 'application', 'app'), facts: undefined }]);
    expect(() => observe(plain, 'osworld-xml')).toThrow(/extendedFacts/);
  });
});

describe('osworld (linearized table)', () => {
  it('keeps only judge_node elements', () => {
    expect(judgeNode(el('push-button', { name: 'OK', ...ON_SCREEN }))).toBe(true);
    expect(judgeNode(el('document-text', { name: '', ...ON_SCREEN }, 'body'))).toBe(true);
    // role not in the set
    for (const tag of ['page-tab', 'password-text', 'tool-bar', 'list', 'table-column-header', 'progress-bar', 'panel'])
      expect(judgeNode(el(tag, { name: 'x', ...ON_SCREEN }))).toBe(false);
    expect(judgeNode(el('push-button', { name: 'OK', ...ON_SCREEN, 'st:showing': '' }))).toBe(false);
    expect(judgeNode(el('push-button', { name: 'OK', ...ON_SCREEN, 'st:visible': '' }))).toBe(false);
    expect(judgeNode(el('push-button', { name: 'OK', ...ON_SCREEN, 'st:enabled': '' }))).toBe(false);
    expect(judgeNode(el('push-button', { name: 'OK', ...ON_SCREEN, 'st:enabled': '', 'st:checkable': 'true' }))).toBe(true);
    expect(judgeNode(el('push-button', { name: '', ...ON_SCREEN }))).toBe(false);
    expect(judgeNode(el('image', { name: '', image: 'true', ...ON_SCREEN }))).toBe(false);
    expect(judgeNode(el('image', { name: '', image: 'true', ...ON_SCREEN }), true)).toBe(true);
    expect(judgeNode(el('push-button', { name: 'OK', ...ON_SCREEN, 'cp:screencoord': '(-1, 2)' }))).toBe(false);
    expect(judgeNode(el('push-button', { name: 'OK', ...ON_SCREEN, 'cp:size': '(0, 4)' }))).toBe(false);
    expect(judgeNode(el('push-button', { name: 'OK', 'st:showing': 'true', 'st:visible': 'true', 'st:enabled': 'true' }))).toBe(false);
  });

  it('writes one row per kept element in document order, with the text rules', () => {
    const root = el('desktop-frame', {}, null, [
      el('application', { name: 'app' }, null, [
        el('menu', { name: 'File', ...ON_SCREEN }, null, [el('menu-item', { name: 'Open', ...ON_SCREEN })]),
        el('paragraph', { name: '', ...ON_SCREEN }, 'say "hi"\tthere'),
        el('label', { name: 'L', ...ON_SCREEN }, 'plain'),
        el('menu', { name: 'File', ...ON_SCREEN }),
      ]),
    ]);
    expect(linearizeOsworld(root)).toEqual([
      'menu\tFile\t""\t\t\t(1, 2)\t(3, 4)',
      'menu-item\tOpen\t""\t\t\t(1, 2)\t(3, 4)',
      'paragraph\t\t"say ""hi""\tthere"\t\t\t(1, 2)\t(3, 4)',
      'label\tL\tplain\t\t\t(1, 2)\t(3, 4)',
      'menu\tFile\t""\t\t\t(1, 2)\t(3, 4)',
    ]);
  });

  it('starts with the header, has no trailing newline, and cuts at maxTokens cl100k tokens with "[...]\\n"', () => {
    const nodes = [node('a', null, 'application', 'app')];
    for (let i = 0; i < 400; i++) nodes.push(node(`b${i}`, 'a', 'push button', `Button number ${i}`));
    const full = formatOsworld(snapshot(nodes), { maxTokens: 1_000_000 });
    expect(full.text.startsWith(`${OSWORLD_HEADER}\npush-button\tButton number 0\t""`)).toBe(true);
    expect(full.text.endsWith('(30, 40)')).toBe(true);
    expect(full.truncated).toBe(false);
    const cut = formatOsworld(snapshot(nodes), { maxTokens: 100 });
    expect(cut.truncated).toBe(true);
    expect(cut.text.endsWith('[...]\n')).toBe(true);
    expect(full.text.startsWith(cut.text.slice(0, -'[...]\n'.length))).toBe(true);
    const { text } = trimOsworld('one two three four five', 3);
    expect(text).toBe('one two three[...]\n');
    expect(trimOsworld('one two three', 3)).toEqual({ text: 'one two three', cut: false });
  });

  it('counts a UI text that spells a special token as text instead of throwing', () => {
    const page = 'label What <|endoftext|> means';
    expect(trimOsworld(page, 1000)).toEqual({ text: page, cut: false });
    const cut = trimOsworld(page, 3);
    expect(cut.cut).toBe(true);
    expect(cut.text.endsWith('[...]\n')).toBe(true);
    expect(page.startsWith(cut.text.slice(0, -'[...]\n'.length))).toBe(true);
  });
});

describe('AT-SPI raw state names', () => {
  it('spells states as pyatspi does, in enum order', () => {
    // SHOWING 25, VISIBLE 30, MULTI_LINE 17, IS_DEFAULT 39, READ_ONLY 43
    const w0 = (1 << 25) | (1 << 30) | (1 << 17);
    const w1 = (1 << (39 - 32)) | (1 << (43 - 32));
    expect(atspiStateNames([w0, w1])).toEqual(['multi_line', 'showing', 'visible', 'is_default', 'read_only']);
  });
});
