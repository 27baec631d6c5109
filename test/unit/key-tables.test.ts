import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CODE_NAMES, MODIFIER_KEYS } from '../../lib/model/key-names.js';
import { parseKeys } from '../../lib/act/keys/parse-keys.js';
import { keysymFor, keysymForChar, X11_CODE_KEYSYMS, X11_UNSUPPORTED_KEYS, XK } from '../../lib/platform/x11/keysyms.js';
import { windowsKeyFor, WINDOWS_CODE_VKS, EXTENDED_VKS, VK_PACKET } from '../../lib/platform/uia/virtual-keys.js';

describe('every key the parser can emit has a keysym and a virtual key', () => {
  it('all code names (the whole CODES table) are in both tables, and nothing else is', () => {
    expect(Object.keys(X11_CODE_KEYSYMS).sort()).toEqual([...CODE_NAMES].sort());
    expect(Object.keys(WINDOWS_CODE_VKS).sort()).toEqual([...CODE_NAMES].sort());
    for (const name of CODE_NAMES) {
      expect(Number.isInteger(keysymFor(name)), name).toBe(true);
      expect(keysymFor(name), name).toBeGreaterThan(0);
      const k = windowsKeyFor(name);
      expect(k.vk, name).toBeGreaterThan(0);
      expect(k.vk, name).toBeLessThan(0x100);
      expect(k.unicode, name).toBe(false);
    }
  });

  it('the modifiers, ~ and newline resolve', () => {
    for (const vk of Object.values(MODIFIER_KEYS)) expect(keysymFor(vk)).not.toBe(XK.VoidSymbol);
    expect(keysymFor('ENTER')).toBe(0xff0d);
  });

  it('every key in random key strings resolves in both tables', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('^', '+', '%', '{ENTER}', '{VK_F5}', '{h down}', '{h up}', '~'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) }), (s) => {
        let events;
        try {
          events = parseKeys(s);
        } catch {
          return;
        }
        for (const e of events) {
          if (e.type === 'tap' || e.type === 'press' || e.type === 'release') {
            expect(Number.isInteger(keysymFor(e.key))).toBe(true);
            expect(Number.isInteger(windowsKeyFor(e.key).vk)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('only Windows-only keys lack an X11 key', () => {
    expect([...X11_UNSUPPORTED_KEYS].sort()).toEqual(
      ['VK_ACCEPT', 'VK_FINAL', 'VK_LBUTTON', 'VK_MBUTTON', 'VK_NONAME', 'VK_PROCESSKEY', 'VK_RBUTTON', 'ZOOM'].sort(),
    );
  });
});

describe('X11 keysyms match X11/keysymdef.h', () => {
  it.each([
    ['ENTER', 0xff0d], ['VK_RETURN', 0xff0d], ['VK_CONTROL', 0xffe3], ['VK_LCONTROL', 0xffe3], ['VK_RCONTROL', 0xffe4],
    ['VK_SHIFT', 0xffe1], ['VK_RSHIFT', 0xffe2], ['VK_MENU', 0xffe9], ['RMENU', 0xffea], ['LWIN', 0xffeb], ['VK_RWIN', 0xffec],
    ['VK_APPS', 0xff67], ['BACKSPACE', 0xff08], ['TAB', 0xff09], ['ESC', 0xff1b], ['DELETE', 0xffff], ['INSERT', 0xff63],
    ['HOME', 0xff50], ['END', 0xff57], ['LEFT', 0xff51], ['UP', 0xff52], ['RIGHT', 0xff53], ['DOWN', 0xff54],
    ['PGUP', 0xff55], ['VK_NEXT', 0xff56], ['F1', 0xffbe], ['F12', 0xffc9], ['VK_F13', 0xffca], ['F24', 0xffd5],
    ['CAPSLOCK', 0xffe5], ['NUMLOCK', 0xff7f], ['SCROLLLOCK', 0xff14], ['VK_PAUSE', 0xff13], ['BREAK', 0xff6b],
    ['PRTSC', 0xff61], ['HELP', 0xff6a], ['SPACE', 0x20], ['VK_NUMPAD0', 0xffb0], ['VK_NUMPAD9', 0xffb9],
    ['VK_MULTIPLY', 0xffaa], ['VK_ADD', 0xffab], ['VK_SUBTRACT', 0xffad], ['VK_DECIMAL', 0xffae], ['VK_DIVIDE', 0xffaf],
  ] as const)('%s -> %i', (name, sym) => {
    expect(keysymFor(name)).toBe(sym);
  });

  it('characters: Latin-1 are their code point, from U+0100 on 0x01000000 | code point', () => {
    expect(keysymForChar('a')).toBe(0x61);
    expect(keysymForChar('A')).toBe(0x41);
    expect(keysymForChar('~')).toBe(0x7e);
    expect(keysymForChar('é')).toBe(0xe9);
    expect(keysymForChar('\u00a0')).toBe(0xa0);
    expect(keysymForChar('€')).toBe(0x010020ac);
    expect(keysymForChar('Ω')).toBe(0x010003a9);
    expect(keysymForChar('😀')).toBe(0x0101f600);
    expect(keysymForChar('\t')).toBe(0xff09);
    expect(keysymForChar('\n')).toBe(0xff0d);
    expect(keysymForChar('\u0001')).toBe(XK.VoidSymbol);
  });

  const header = '/usr/include/X11/keysymdef.h';
  it.skipIf(!existsSync(header))('every named keysym used agrees with the installed keysymdef.h', () => {
    const defs = new Map<string, number>();
    for (const m of readFileSync(header, 'utf8').matchAll(/^#define XK_(\w+)\s+0x([0-9a-fA-F]+)/gm)) {
      defs.set(m[1] as string, Number.parseInt(m[2] as string, 16));
    }
    for (const [name, value] of Object.entries(XK)) expect(defs.get(name), name).toBe(value);
  });
});

describe("Windows virtual keys match Microsoft's table", () => {
  it.each([
    ['VK_RETURN', 0x0d], ['ENTER', 0x0d], ['VK_BACK', 0x08], ['TAB', 0x09], ['VK_SHIFT', 0x10], ['VK_CONTROL', 0x11],
    ['VK_MENU', 0x12], ['VK_PAUSE', 0x13], ['VK_CAPITAL', 0x14], ['ESC', 0x1b], ['SPACE', 0x20], ['PGUP', 0x21],
    ['PGDN', 0x22], ['END', 0x23], ['HOME', 0x24], ['LEFT', 0x25], ['UP', 0x26], ['RIGHT', 0x27], ['DOWN', 0x28],
    ['PRTSC', 0x2c], ['INSERT', 0x2d], ['DELETE', 0x2e], ['VK_LWIN', 0x5b], ['VK_APPS', 0x5d], ['VK_NUMPAD0', 0x60],
    ['VK_MULTIPLY', 0x6a], ['VK_DIVIDE', 0x6f], ['F1', 0x70], ['F12', 0x7b], ['VK_F24', 0x87], ['NUMLOCK', 0x90],
    ['SCROLLLOCK', 0x91], ['VK_LSHIFT', 0xa0], ['VK_RSHIFT', 0xa1], ['VK_LCONTROL', 0xa2], ['VK_RCONTROL', 0xa3],
    ['VK_LMENU', 0xa4], ['RMENU', 0xa5], ['VK_PROCESSKEY', 0xe5], ['VK_ATTN', 0xf6], ['VK_OEM_CLEAR', 0xfe],
  ] as const)('%s -> 0x%s', (name, vk) => {
    expect(windowsKeyFor(name).vk).toBe(vk);
  });

  it('KEYEVENTF_EXTENDEDKEY for arrows, Insert/Delete, Home/End, PageUp/Down, right Ctrl/Alt, NumLock, Divide', () => {
    for (const k of ['LEFT', 'UP', 'RIGHT', 'DOWN', 'INSERT', 'DELETE', 'HOME', 'END', 'PGUP', 'PGDN', 'VK_RCONTROL', 'RMENU', 'VK_RMENU', 'NUMLOCK', 'VK_DIVIDE', 'VK_LWIN', 'VK_RWIN', 'VK_APPS', 'PRTSC', 'VK_CANCEL']) {
      expect(windowsKeyFor(k).extended, k).toBe(true);
    }
    for (const k of ['ENTER', 'VK_CONTROL', 'VK_LCONTROL', 'VK_MENU', 'VK_LMENU', 'VK_SHIFT', 'F1', 'VK_NUMPAD0', 'ESC', 'TAB', 'BACKSPACE', 'VK_MULTIPLY', 'VK_PAUSE']) {
      expect(windowsKeyFor(k).extended, k).toBe(false);
    }
    // pywinauto's own rule is included: 33 <= vk <= 46 or 91 <= vk <= 93.
    for (let vk = 33; vk <= 46; vk++) expect(EXTENDED_VKS.has(vk)).toBe(true);
    for (let vk = 91; vk <= 93; vk++) expect(EXTENDED_VKS.has(vk)).toBe(true);
  });

  it('characters: US-layout key plus shift, VK_PACKET for the rest', () => {
    expect(windowsKeyFor('a')).toEqual({ vk: 0x41, extended: false, shift: false, unicode: false });
    expect(windowsKeyFor('A')).toEqual({ vk: 0x41, extended: false, shift: true, unicode: false });
    expect(windowsKeyFor('7')).toMatchObject({ vk: 0x37, shift: false });
    expect(windowsKeyFor('!')).toMatchObject({ vk: 0x31, shift: true });
    expect(windowsKeyFor(';')).toMatchObject({ vk: 0xba, shift: false });
    expect(windowsKeyFor('?')).toMatchObject({ vk: 0xbf, shift: true });
    expect(windowsKeyFor(' ')).toMatchObject({ vk: 0x20 });
    expect(windowsKeyFor('é')).toEqual({ vk: VK_PACKET, extended: false, shift: false, unicode: true });
    expect(windowsKeyFor('😀')).toMatchObject({ vk: VK_PACKET, unicode: true });
  });
});
