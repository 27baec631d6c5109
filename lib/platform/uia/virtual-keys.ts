import { isCharKey, type CodeName, type KeyName } from '../../model/key-names.js';

/*
 * Windows virtual-key codes (Microsoft's "Virtual-Key Codes" table, the values of pywinauto's CODES) for every key
 * the pywinauto parser can emit, for an executor that calls SendInput.
 *
 * KEYEVENTF_EXTENDEDKEY: keys whose scan code carries the E0 prefix must be sent with the flag, or Windows takes
 * them for their numeric-keypad twins (an "Up" without it is keypad 8 with NumLock off; a right Ctrl/Alt without
 * it is the left one; "/" on the keypad is the main "/" key). pywinauto flags VK 33..46 (PageUp..Delete, which also
 * covers VK_SELECT/PRINT/EXECUTE, harmless) and 91..93 (Windows keys, Apps); we flag those and, in addition, the
 * keys pywinauto forgets: right Ctrl, right Alt, NumLock, keypad Divide and Ctrl+Break (VK_CANCEL).
 *
 * A character key (one code point) maps to the key that types it on a US layout, with `shift` telling whether the
 * character needs Shift there. pywinauto sends such keys (EscapedKeyAction) with the VK from VkKeyScanW of the
 * ACTIVE layout and drops the shift state, so a Windows executor should call VkKeyScanW at run time for exact
 * fidelity and use this table only as the fallback. Characters with no key on a US layout map to VK_PACKET with
 * `unicode: true`: send them with KEYEVENTF_UNICODE (pywinauto's KeyAction does the same for typed text).
 */

/** What SendInput needs for one key. */
export interface WindowsKey {
  /** The virtual-key code (wVk). */
  vk: number;
  /** Send with KEYEVENTF_EXTENDEDKEY. */
  extended: boolean;
  /** A character that needs Shift on a US layout (informational: pywinauto does not add it). */
  shift: boolean;
  /** No key types this character on a US layout: send it as KEYEVENTF_UNICODE (wVk = 0 or VK_PACKET). */
  unicode: boolean;
}

export const VK_PACKET = 0xe7;

/** pywinauto's CODES values, name for name. */
export const WINDOWS_CODE_VKS: { readonly [K in CodeName]: number } = {
  BACK: 0x08, BACKSPACE: 0x08, BKSP: 0x08, BREAK: 0x03, BS: 0x08, CAP: 0x14, CAPSLOCK: 0x14, DEL: 0x2e,
  DELETE: 0x2e, DOWN: 0x28, END: 0x23, ENTER: 0x0d, ESC: 0x1b,
  F1: 0x70, F2: 0x71, F3: 0x72, F4: 0x73, F5: 0x74, F6: 0x75, F7: 0x76, F8: 0x77, F9: 0x78, F10: 0x79,
  F11: 0x7a, F12: 0x7b, F13: 0x7c, F14: 0x7d, F15: 0x7e, F16: 0x7f, F17: 0x80, F18: 0x81, F19: 0x82,
  F20: 0x83, F21: 0x84, F22: 0x85, F23: 0x86, F24: 0x87,
  HELP: 0x2f, HOME: 0x24, INS: 0x2d, INSERT: 0x2d, LEFT: 0x25, LWIN: 0x5b, NUMLOCK: 0x90, PGDN: 0x22,
  PGUP: 0x21, PRTSC: 0x2c, RIGHT: 0x27, RMENU: 0xa5, RWIN: 0x5c, SCROLLLOCK: 0x91, SPACE: 0x20, TAB: 0x09,
  UP: 0x26,
  VK_ACCEPT: 0x1e, VK_ADD: 0x6b, VK_APPS: 0x5d, VK_ATTN: 0xf6, VK_BACK: 0x08, VK_CANCEL: 0x03,
  VK_CAPITAL: 0x14, VK_CLEAR: 0x0c, VK_CONTROL: 0x11, VK_CONVERT: 0x1c, VK_CRSEL: 0xf7, VK_DECIMAL: 0x6e,
  VK_DELETE: 0x2e, VK_DIVIDE: 0x6f, VK_DOWN: 0x28, VK_END: 0x23, VK_EREOF: 0xf9, VK_ESCAPE: 0x1b,
  VK_EXECUTE: 0x2b, VK_EXSEL: 0xf8,
  VK_F1: 0x70, VK_F2: 0x71, VK_F3: 0x72, VK_F4: 0x73, VK_F5: 0x74, VK_F6: 0x75, VK_F7: 0x76, VK_F8: 0x77,
  VK_F9: 0x78, VK_F10: 0x79, VK_F11: 0x7a, VK_F12: 0x7b, VK_F13: 0x7c, VK_F14: 0x7d, VK_F15: 0x7e,
  VK_F16: 0x7f, VK_F17: 0x80, VK_F18: 0x81, VK_F19: 0x82, VK_F20: 0x83, VK_F21: 0x84, VK_F22: 0x85,
  VK_F23: 0x86, VK_F24: 0x87,
  VK_FINAL: 0x18, VK_HANGEUL: 0x15, VK_HANGUL: 0x15, VK_HANJA: 0x19, VK_HELP: 0x2f, VK_HOME: 0x24,
  VK_INSERT: 0x2d, VK_JUNJA: 0x17, VK_KANA: 0x15, VK_KANJI: 0x19, VK_LBUTTON: 0x01, VK_LCONTROL: 0xa2,
  VK_LEFT: 0x25, VK_LMENU: 0xa4, VK_LSHIFT: 0xa0, VK_LWIN: 0x5b, VK_MBUTTON: 0x04, VK_MENU: 0x12,
  VK_MODECHANGE: 0x1f, VK_MULTIPLY: 0x6a, VK_NEXT: 0x22, VK_NONAME: 0xfc, VK_NONCONVERT: 0x1d,
  VK_NUMLOCK: 0x90,
  VK_NUMPAD0: 0x60, VK_NUMPAD1: 0x61, VK_NUMPAD2: 0x62, VK_NUMPAD3: 0x63, VK_NUMPAD4: 0x64, VK_NUMPAD5: 0x65,
  VK_NUMPAD6: 0x66, VK_NUMPAD7: 0x67, VK_NUMPAD8: 0x68, VK_NUMPAD9: 0x69,
  VK_OEM_CLEAR: 0xfe, VK_PA1: 0xfd, VK_PAUSE: 0x13, VK_PLAY: 0xfa, VK_PRINT: 0x2a, VK_PRIOR: 0x21,
  VK_PROCESSKEY: 0xe5, VK_RBUTTON: 0x02, VK_RCONTROL: 0xa3, VK_RETURN: 0x0d, VK_RIGHT: 0x27, VK_RMENU: 0xa5,
  VK_RSHIFT: 0xa1, VK_RWIN: 0x5c, VK_SCROLL: 0x91, VK_SELECT: 0x29, VK_SEPARATOR: 0x6c, VK_SHIFT: 0x10,
  VK_SNAPSHOT: 0x2c, VK_SPACE: 0x20, VK_SUBTRACT: 0x6d, VK_TAB: 0x09, VK_UP: 0x26, ZOOM: 0xfb,
};

/** Virtual keys sent with KEYEVENTF_EXTENDEDKEY (see the comment at the top). */
export const EXTENDED_VKS: ReadonlySet<number> = new Set([
  // pywinauto's rule: 33 <= vk <= 46 or 91 <= vk <= 93
  0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x5b, 0x5c, 0x5d,
  // E0-prefixed keys pywinauto does not flag: Ctrl+Break, keypad Divide, NumLock, right Ctrl, right Alt
  0x03, 0x6f, 0x90, 0xa3, 0xa5,
]);

/** Mouse-button VKs: they are in pywinauto's table but SendInput's keyboard input does nothing useful with them. */
export const MOUSE_BUTTON_VKS: ReadonlySet<number> = new Set([0x01, 0x02, 0x04]);

/** US-layout keys of the printable ASCII punctuation: [vk, needs Shift]. Letters and digits are computed. */
const US_PUNCTUATION: ReadonlyMap<string, readonly [number, boolean]> = new Map([
  [' ', [0x20, false]],
  [';', [0xba, false]], [':', [0xba, true]],
  ['=', [0xbb, false]], ['+', [0xbb, true]],
  [',', [0xbc, false]], ['<', [0xbc, true]],
  ['-', [0xbd, false]], ['_', [0xbd, true]],
  ['.', [0xbe, false]], ['>', [0xbe, true]],
  ['/', [0xbf, false]], ['?', [0xbf, true]],
  ['`', [0xc0, false]], ['~', [0xc0, true]],
  ['[', [0xdb, false]], ['{', [0xdb, true]],
  ['\\', [0xdc, false]], ['|', [0xdc, true]],
  [']', [0xdd, false]], ['}', [0xdd, true]],
  ["'", [0xde, false]], ['"', [0xde, true]],
  [')', [0x30, true]], ['!', [0x31, true]], ['@', [0x32, true]], ['#', [0x33, true]], ['$', [0x34, true]],
  ['%', [0x35, true]], ['^', [0x36, true]], ['&', [0x37, true]], ['*', [0x38, true]], ['(', [0x39, true]],
  // Control characters that are keys.
  ['\b', [0x08, false]], ['\t', [0x09, false]], ['\n', [0x0d, false]], ['\r', [0x0d, false]], ['\u001b', [0x1b, false]],
]);

/** The key for a character (one code point), US layout; VK_PACKET + unicode when no key types it. */
export function windowsKeyForChar(char: string): WindowsKey {
  const cp = char.codePointAt(0) ?? 0;
  if (cp >= 0x61 && cp <= 0x7a) return { vk: cp - 0x20, extended: false, shift: false, unicode: false };
  if (cp >= 0x41 && cp <= 0x5a) return { vk: cp, extended: false, shift: true, unicode: false };
  if (cp >= 0x30 && cp <= 0x39) return { vk: cp, extended: false, shift: false, unicode: false };
  const punct = US_PUNCTUATION.get(char);
  if (punct) return { vk: punct[0], extended: false, shift: punct[1], unicode: false };
  return { vk: VK_PACKET, extended: false, shift: false, unicode: true };
}

/** The SendInput key for a key the parser emitted (a code name or a single character). */
export function windowsKeyFor(key: KeyName): WindowsKey {
  if (isCharKey(key)) return windowsKeyForChar(key);
  const vk = (WINDOWS_CODE_VKS as Record<string, number | undefined>)[key];
  if (vk === undefined) return { vk: VK_PACKET, extended: false, shift: false, unicode: true };
  return { vk, extended: EXTENDED_VKS.has(vk), shift: false, unicode: false };
}
