import { isCharKey, type CodeName, type KeyName } from '../../model/key-names.js';

/*
 * X11 keysyms (values from X11/keysymdef.h) for every key the pywinauto parser can emit.
 *
 * TRAP (docs/LINUX_DESKTOP.md): a keysym is not a keycode. atspi_generate_keyboard_event with
 * KEY_PRESS / KEY_RELEASE / KEY_PRESSRELEASE takes an X KEYCODE (Control_L is 37 on a typical server), and only
 * KEY_SYM takes a keysym; passing a keysym such as 0xffe3 where a keycode is expected silently types some letter
 * instead of pressing Ctrl. The executor must translate each keysym to a keycode of the running server first
 * (XKeysymToKeycode, or the keymap AT-SPI/XKB reports) and fail clearly when a keysym has no keycode
 * (keycode 0), never fall back to sending the keysym. Text events are typed with KEY_STRING and need no keysym.
 *
 * A character key maps to the keysym of that character: Latin-1 characters (U+0020..U+007E, U+00A0..U+00FF)
 * are their own code point, everything from U+0100 up is 0x01000000 | code point (keysymdef.h's Unicode rule).
 * For an upper-case letter that is the keysym of the upper-case letter (0x41 for "A"); its keycode is the A
 * key's, which is what pywinauto sends too: the key, without adding Shift.
 *
 * Keys that exist only on Windows (IME mode keys with no X counterpart, reserved codes) map to VoidSymbol and are
 * listed in X11_UNSUPPORTED_KEYS so that the executor can say so instead of failing obscurely. Mouse buttons
 * (VK_LBUTTON...) map to XKB's Pointer_Button keysyms, which normally have no keycode either.
 */

export const XK = {
  VoidSymbol: 0xffffff,
  BackSpace: 0xff08,
  Tab: 0xff09,
  Linefeed: 0xff0a,
  Clear: 0xff0b,
  Return: 0xff0d,
  Pause: 0xff13,
  Scroll_Lock: 0xff14,
  Escape: 0xff1b,
  Delete: 0xffff,
  Kanji: 0xff21,
  Muhenkan: 0xff22,
  Henkan_Mode: 0xff23,
  Hiragana_Katakana: 0xff27,
  Hangul: 0xff31,
  Hangul_Hanja: 0xff34,
  Hangul_Jeonja: 0xff38,
  Home: 0xff50,
  Left: 0xff51,
  Up: 0xff52,
  Right: 0xff53,
  Down: 0xff54,
  Prior: 0xff55,
  Next: 0xff56,
  End: 0xff57,
  Select: 0xff60,
  Print: 0xff61,
  Execute: 0xff62,
  Insert: 0xff63,
  Menu: 0xff67,
  Help: 0xff6a,
  Break: 0xff6b,
  Mode_switch: 0xff7e,
  Num_Lock: 0xff7f,
  KP_Multiply: 0xffaa,
  KP_Add: 0xffab,
  KP_Separator: 0xffac,
  KP_Subtract: 0xffad,
  KP_Decimal: 0xffae,
  KP_Divide: 0xffaf,
  KP_0: 0xffb0,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Caps_Lock: 0xffe5,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
  Super_L: 0xffeb,
  Super_R: 0xffec,
  space: 0x0020,
  Pointer_Button1: 0xfee9,
  Pointer_Button2: 0xfeea,
  Pointer_Button3: 0xfeeb,
  '3270_EraseEOF': 0xfd06,
  '3270_PA1': 0xfd0a,
  '3270_Attn': 0xfd0e,
  '3270_Play': 0xfd16,
  '3270_ExSelect': 0xfd1b,
  '3270_CursorSelect': 0xfd1c,
} as const;

/** F1..F24 are consecutive in keysymdef.h (F1 0xffbe ... F24 0xffd5), as are KP_0..KP_9. */
const fKey = (n: number): number => XK.F1 + (n - 1);
const kpDigit = (n: number): number => XK.KP_0 + n;

const CODE_KEYSYMS: { readonly [K in CodeName]: number } = {
  BACK: XK.BackSpace,
  BACKSPACE: XK.BackSpace,
  BKSP: XK.BackSpace,
  BS: XK.BackSpace,
  VK_BACK: XK.BackSpace,
  // VK 3 is VK_CANCEL, the Ctrl+Break key.
  BREAK: XK.Break,
  VK_CANCEL: XK.Break,
  CAP: XK.Caps_Lock,
  CAPSLOCK: XK.Caps_Lock,
  VK_CAPITAL: XK.Caps_Lock,
  DEL: XK.Delete,
  DELETE: XK.Delete,
  VK_DELETE: XK.Delete,
  DOWN: XK.Down,
  VK_DOWN: XK.Down,
  UP: XK.Up,
  VK_UP: XK.Up,
  LEFT: XK.Left,
  VK_LEFT: XK.Left,
  RIGHT: XK.Right,
  VK_RIGHT: XK.Right,
  END: XK.End,
  VK_END: XK.End,
  HOME: XK.Home,
  VK_HOME: XK.Home,
  ENTER: XK.Return,
  VK_RETURN: XK.Return,
  ESC: XK.Escape,
  VK_ESCAPE: XK.Escape,
  F1: fKey(1), F2: fKey(2), F3: fKey(3), F4: fKey(4), F5: fKey(5), F6: fKey(6),
  F7: fKey(7), F8: fKey(8), F9: fKey(9), F10: fKey(10), F11: fKey(11), F12: fKey(12),
  F13: fKey(13), F14: fKey(14), F15: fKey(15), F16: fKey(16), F17: fKey(17), F18: fKey(18),
  F19: fKey(19), F20: fKey(20), F21: fKey(21), F22: fKey(22), F23: fKey(23), F24: fKey(24),
  VK_F1: fKey(1), VK_F2: fKey(2), VK_F3: fKey(3), VK_F4: fKey(4), VK_F5: fKey(5), VK_F6: fKey(6),
  VK_F7: fKey(7), VK_F8: fKey(8), VK_F9: fKey(9), VK_F10: fKey(10), VK_F11: fKey(11), VK_F12: fKey(12),
  VK_F13: fKey(13), VK_F14: fKey(14), VK_F15: fKey(15), VK_F16: fKey(16), VK_F17: fKey(17), VK_F18: fKey(18),
  VK_F19: fKey(19), VK_F20: fKey(20), VK_F21: fKey(21), VK_F22: fKey(22), VK_F23: fKey(23), VK_F24: fKey(24),
  HELP: XK.Help,
  VK_HELP: XK.Help,
  INS: XK.Insert,
  INSERT: XK.Insert,
  VK_INSERT: XK.Insert,
  LWIN: XK.Super_L,
  VK_LWIN: XK.Super_L,
  RWIN: XK.Super_R,
  VK_RWIN: XK.Super_R,
  NUMLOCK: XK.Num_Lock,
  VK_NUMLOCK: XK.Num_Lock,
  PGDN: XK.Next,
  VK_NEXT: XK.Next,
  PGUP: XK.Prior,
  VK_PRIOR: XK.Prior,
  // PrtSc (VK_SNAPSHOT) and the old VK_PRINT both mean X's Print.
  PRTSC: XK.Print,
  VK_SNAPSHOT: XK.Print,
  VK_PRINT: XK.Print,
  // Windows' "menu" is Alt; X's Menu keysym is the context-menu key (VK_APPS).
  VK_MENU: XK.Alt_L,
  VK_LMENU: XK.Alt_L,
  RMENU: XK.Alt_R,
  VK_RMENU: XK.Alt_R,
  VK_APPS: XK.Menu,
  SCROLLLOCK: XK.Scroll_Lock,
  VK_SCROLL: XK.Scroll_Lock,
  SPACE: XK.space,
  VK_SPACE: XK.space,
  TAB: XK.Tab,
  VK_TAB: XK.Tab,
  VK_SHIFT: XK.Shift_L,
  VK_LSHIFT: XK.Shift_L,
  VK_RSHIFT: XK.Shift_R,
  VK_CONTROL: XK.Control_L,
  VK_LCONTROL: XK.Control_L,
  VK_RCONTROL: XK.Control_R,
  VK_ADD: XK.KP_Add,
  VK_SUBTRACT: XK.KP_Subtract,
  VK_MULTIPLY: XK.KP_Multiply,
  VK_DIVIDE: XK.KP_Divide,
  VK_DECIMAL: XK.KP_Decimal,
  VK_SEPARATOR: XK.KP_Separator,
  VK_NUMPAD0: kpDigit(0), VK_NUMPAD1: kpDigit(1), VK_NUMPAD2: kpDigit(2), VK_NUMPAD3: kpDigit(3),
  VK_NUMPAD4: kpDigit(4), VK_NUMPAD5: kpDigit(5), VK_NUMPAD6: kpDigit(6), VK_NUMPAD7: kpDigit(7),
  VK_NUMPAD8: kpDigit(8), VK_NUMPAD9: kpDigit(9),
  VK_CLEAR: XK.Clear,
  VK_OEM_CLEAR: XK.Clear,
  VK_PAUSE: XK.Pause,
  VK_SELECT: XK.Select,
  VK_EXECUTE: XK.Execute,
  // IME keys: Japanese (convert, non-convert, kana, kanji), Korean (hangul, hanja, junja), mode change.
  VK_CONVERT: XK.Henkan_Mode,
  VK_NONCONVERT: XK.Muhenkan,
  VK_KANA: XK.Hiragana_Katakana,
  VK_KANJI: XK.Kanji,
  VK_HANGUL: XK.Hangul,
  VK_HANGEUL: XK.Hangul,
  VK_HANJA: XK.Hangul_Hanja,
  VK_JUNJA: XK.Hangul_Jeonja,
  VK_MODECHANGE: XK.Mode_switch,
  VK_ACCEPT: XK.VoidSymbol,
  VK_FINAL: XK.VoidSymbol,
  VK_PROCESSKEY: XK.VoidSymbol,
  VK_NONAME: XK.VoidSymbol,
  // IBM 3270 emulation keys, which is what Windows' VK_ATTN..VK_PA1 were made for.
  VK_ATTN: XK['3270_Attn'],
  VK_CRSEL: XK['3270_CursorSelect'],
  VK_EXSEL: XK['3270_ExSelect'],
  VK_EREOF: XK['3270_EraseEOF'],
  VK_PLAY: XK['3270_Play'],
  VK_PA1: XK['3270_PA1'],
  ZOOM: XK.VoidSymbol,
  // Mouse buttons are not keys; X names them Button1 (left), Button2 (middle), Button3 (right).
  VK_LBUTTON: XK.Pointer_Button1,
  VK_MBUTTON: XK.Pointer_Button2,
  VK_RBUTTON: XK.Pointer_Button3,
};

/** Code names with no X11 key at all: the executor should report them as unsupported on Linux. */
export const X11_UNSUPPORTED_KEYS: ReadonlySet<CodeName> = new Set(
  (Object.keys(CODE_KEYSYMS) as CodeName[]).filter((k) => {
    const sym = CODE_KEYSYMS[k];
    return sym === XK.VoidSymbol || sym === XK.Pointer_Button1 || sym === XK.Pointer_Button2 || sym === XK.Pointer_Button3;
  }),
);

/** Control characters that have a key of their own. */
const CONTROL_CHAR_KEYSYMS: ReadonlyMap<number, number> = new Map([
  [0x08, XK.BackSpace],
  [0x09, XK.Tab],
  [0x0a, XK.Return],
  [0x0d, XK.Return],
  [0x1b, XK.Escape],
  [0x7f, XK.Delete],
]);

/** The keysym of a character (one code point); VoidSymbol for control characters without a key. */
export function keysymForChar(char: string): number {
  const cp = char.codePointAt(0);
  if (cp === undefined) return XK.VoidSymbol;
  const control = CONTROL_CHAR_KEYSYMS.get(cp);
  if (control !== undefined) return control;
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) return cp;
  if (cp >= 0x100 && cp <= 0x10ffff) return 0x01000000 | cp;
  return XK.VoidSymbol;
}

/** The X11 keysym for a key the parser emitted (a code name or a single character). */
export function keysymFor(key: KeyName): number {
  if (isCharKey(key)) return keysymForChar(key);
  const sym = (CODE_KEYSYMS as Record<string, number | undefined>)[key];
  return sym ?? XK.VoidSymbol;
}

/** The keysym table for code names, for listing and tests. */
export const X11_CODE_KEYSYMS = CODE_KEYSYMS;
