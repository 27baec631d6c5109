/**
 * The named keys of pywinauto's send_keys syntax: the keys of the CODES table in pywinauto/keyboard.py (Windows
 * branch, the one UFO runs), written `{NAME}` or `{NAME n}`. Names are case-sensitive there and here: `{enter}` is
 * not a code (it is an error, "Unknown code"). The virtual-key values live in lib/platform/uia/virtual-keys.ts and the X11 keysyms in
 * lib/platform/x11/keysyms.ts; both must cover every name below (test/unit/key-tables.test.ts checks it).
 */
export const CODE_NAMES = [
  // pywinauto's friendly aliases
  'BACK', 'BACKSPACE', 'BKSP', 'BREAK', 'BS', 'CAP', 'CAPSLOCK', 'DEL', 'DELETE', 'DOWN', 'END', 'ENTER', 'ESC',
  'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12',
  'F13', 'F14', 'F15', 'F16', 'F17', 'F18', 'F19', 'F20', 'F21', 'F22', 'F23', 'F24',
  'HELP', 'HOME', 'INS', 'INSERT', 'LEFT', 'LWIN', 'NUMLOCK', 'PGDN', 'PGUP', 'PRTSC', 'RIGHT', 'RMENU', 'RWIN',
  'SCROLLLOCK', 'SPACE', 'TAB', 'UP',
  // Windows virtual-key names
  'VK_ACCEPT', 'VK_ADD', 'VK_APPS', 'VK_ATTN', 'VK_BACK', 'VK_CANCEL', 'VK_CAPITAL', 'VK_CLEAR', 'VK_CONTROL',
  'VK_CONVERT', 'VK_CRSEL', 'VK_DECIMAL', 'VK_DELETE', 'VK_DIVIDE', 'VK_DOWN', 'VK_END', 'VK_EREOF', 'VK_ESCAPE',
  'VK_EXECUTE', 'VK_EXSEL',
  'VK_F1', 'VK_F2', 'VK_F3', 'VK_F4', 'VK_F5', 'VK_F6', 'VK_F7', 'VK_F8', 'VK_F9', 'VK_F10', 'VK_F11', 'VK_F12',
  'VK_F13', 'VK_F14', 'VK_F15', 'VK_F16', 'VK_F17', 'VK_F18', 'VK_F19', 'VK_F20', 'VK_F21', 'VK_F22', 'VK_F23',
  'VK_F24',
  'VK_FINAL', 'VK_HANGEUL', 'VK_HANGUL', 'VK_HANJA', 'VK_HELP', 'VK_HOME', 'VK_INSERT', 'VK_JUNJA', 'VK_KANA',
  'VK_KANJI', 'VK_LBUTTON', 'VK_LCONTROL', 'VK_LEFT', 'VK_LMENU', 'VK_LSHIFT', 'VK_LWIN', 'VK_MBUTTON', 'VK_MENU',
  'VK_MODECHANGE', 'VK_MULTIPLY', 'VK_NEXT', 'VK_NONAME', 'VK_NONCONVERT', 'VK_NUMLOCK',
  'VK_NUMPAD0', 'VK_NUMPAD1', 'VK_NUMPAD2', 'VK_NUMPAD3', 'VK_NUMPAD4', 'VK_NUMPAD5', 'VK_NUMPAD6', 'VK_NUMPAD7',
  'VK_NUMPAD8', 'VK_NUMPAD9',
  'VK_OEM_CLEAR', 'VK_PA1', 'VK_PAUSE', 'VK_PLAY', 'VK_PRINT', 'VK_PRIOR', 'VK_PROCESSKEY', 'VK_RBUTTON',
  'VK_RCONTROL', 'VK_RETURN', 'VK_RIGHT', 'VK_RMENU', 'VK_RSHIFT', 'VK_RWIN', 'VK_SCROLL', 'VK_SELECT',
  'VK_SEPARATOR', 'VK_SHIFT', 'VK_SNAPSHOT', 'VK_SPACE', 'VK_SUBTRACT', 'VK_TAB', 'VK_UP', 'ZOOM',
] as const;

export type CodeName = (typeof CODE_NAMES)[number];

const CODE_NAME_SET: ReadonlySet<string> = new Set(CODE_NAMES);

/** True for a name of the CODES table (exact, case-sensitive: pywinauto's `code in CODES`). */
export function isCodeName(name: string): name is CodeName {
  return CODE_NAME_SET.has(name);
}

/** The modifier characters of the syntax and the virtual key each holds down (pywinauto's MODIFIERS). */
export const MODIFIER_KEYS = { '+': 'VK_SHIFT', '^': 'VK_CONTROL', '%': 'VK_MENU' } as const satisfies Record<string, CodeName>;

/**
 * A key the parser can emit: a code name, or a single character (one Unicode code point). No code name is one
 * character long, so the two never collide. A character key means the physical key that produces that character,
 * WITHOUT the Shift it may need: pywinauto's EscapedKeyAction sends the low byte of VkKeyScanW (the key, not its
 * shift state), so `^A` is Ctrl + the A key, not Ctrl+Shift+A, and `{!}` with a modifier held is the 1 key.
 */
export type KeyName = CodeName | (string & {});

/** True when the key is a single character rather than a code name. */
export function isCharKey(key: string): boolean {
  const first = key.codePointAt(0);
  return first !== undefined && key.length === (first > 0xffff ? 2 : 1);
}
