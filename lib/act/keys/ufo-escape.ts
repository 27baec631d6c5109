import { parseKeys, type KeyEvent } from './parse-keys.js';

/*
 * What UFO does to a model's `keys` / `text` before pywinauto sees them, reproduced exactly, so that an action
 * means the same thing here as under UFO. Source: microsoft/UFO, ufo/automator/ui_control/controller.py
 * (commit 9551f9045e16a1ac432dd94c18fda804720ae90f):
 *
 *     def keyboard_input(self, params: Dict[str, str]) -> str:
 *         control_focus = params.get("control_focus", True)
 *         keys = params.get("keys", "")
 *         keys = TextTransformer.transform_text(keys, "all")
 *         if control_focus:
 *             self.atomic_execution("type_keys", {"keys": keys})
 *         else:
 *             self.application.type_keys(keys=keys)
 *         return keys
 *
 *     class TextTransformer:
 *         def transform_text(text: str, transform_tag: str) -> str:
 *             if transform_tag == "all":
 *                 transform_tag = "+\n\t^%{VK_CONTROL}{VK_SHIFT}{VK_MENU}()"
 *             if "\n" in transform_tag: text = TextTransformer.transform_enter(text)    # "\n" -> "{ENTER}"
 *             if "\t" in transform_tag: text = TextTransformer.transform_tab(text)      # "\t" -> "{TAB}"
 *             if "+" in transform_tag: text = TextTransformer.transform_plus(text)     # "+"  -> "{+}"
 *             if "^" in transform_tag: text = TextTransformer.transform_caret(text)    # "^"  -> "{^}"
 *             if "%" in transform_tag: text = TextTransformer.transform_percent(text)  # "%"  -> "{%}"
 *             if "{VK_CONTROL}" in transform_tag: text = TextTransformer.transform_control(text)  # -> "^"
 *             if "{VK_SHIFT}" in transform_tag: text = TextTransformer.transform_shift(text)      # -> "+"
 *             if "{VK_MENU}" in transform_tag: text = TextTransformer.transform_alt(text)        # -> "%"
 *             if "(" in transform_tag or ")" in transform_tag:
 *                 text = TextTransformer.transform_brace(text)  # "(" -> "{(}", ")" -> "{)}"
 *             return text
 *
 *     def set_edit_text(self, params: Dict[str, str]) -> str:
 *         text = params.get("text", "")
 *         inter_key_pause = configs.get("INPUT_TEXT_INTER_KEY_PAUSE", 0.1)
 *         if params.get("clear_current_text", False):
 *             self.control.type_keys("^a", pause=inter_key_pause)
 *             self.control.type_keys("{DELETE}", pause=inter_key_pause)
 *         if configs["INPUT_TEXT_API"] == "set_text":
 *             method_name = "set_edit_text"
 *             args = {"text": text}
 *         else:
 *             method_name = "type_keys"
 *             # Transform the text according to the tags.
 *             text = TextTransformer.transform_text(text, "all")
 *             args = {"keys": text, "pause": inter_key_pause, "with_spaces": True}
 *         try:
 *             result = self.atomic_execution(method_name, args)
 *             if (method_name == "set_text" and args["text"] not in self.control.window_text()):
 *                 raise Exception(f"Failed to use set_text: {args['text']}")
 *             if configs["INPUT_TEXT_ENTER"] and method_name in ["type_keys", "set_text"]:
 *                 self.atomic_execution("type_keys", params={"keys": "{ENTER}"})
 *             return result
 *         except Exception as e:
 *             if method_name == "set_text":
 *                 ...
 *                 clear_text_keys = "^a{BACKSPACE}"
 *                 text_to_type = args["text"]
 *                 keys_to_send = clear_text_keys + text_to_type
 *                 args = {"keys": keys_to_send, "pause": inter_key_pause, "with_spaces": True}
 *                 return self.atomic_execution(method_name, args)
 *
 * pywinauto's type_keys defaults are with_spaces=False, with_tabs=False, with_newlines=False.
 *
 * ---- README: how keyboard_input and set_edit_text treat their strings (UFO-compatible) ----
 *
 * keyboard_input(keys) runs UFO's escaping first, then pywinauto's key syntax with spaces DROPPED:
 *   - `+ ^ % ( )` are typed literally: "^a" types the two characters ^ and a; "%{F4}" types % and presses F4.
 *   - For modifiers write {VK_CONTROL}, {VK_SHIFT}, {VK_MENU} (Alt) in front of the key: "{VK_CONTROL}a" is
 *     Ctrl+A, "{VK_CONTROL}{VK_SHIFT}s" is Ctrl+Shift+S. They are rewritten to ^ + % AFTER the escaping, so
 *     they are the only way to reach a modifier from keyboard_input. {VK_CONTROL down}...{VK_CONTROL up}
 *     also works (it is not rewritten) and holds the key over several keys.
 *   - Named keys work as in pywinauto: {ENTER}, {TAB 2}, {ESC}, {F5}, {DELETE}; ~ is Enter.
 *   - Spaces are dropped ("Hello World" types "HelloWorld"); a newline is Enter, a tab is Tab.
 *   - The escapes {+} {^} {%} {(} {)} are errors after UFO's escaping ("{+}" becomes "{{+}}"); to type those
 *     characters just write them. {{} and {}} still type braces.
 * set_edit_text(text) first tries to set the text through the accessibility API (EditableText / ValuePattern),
 * which is literal. When the bridge falls back to typing, it types the text literally too (literal-text.ts:
 * every character, spaces included, newline as Enter, tab as Tab), so both paths agree. UFO itself (INPUT_TEXT_API "type_keys", its default) types
 * transform_text(text) with spaces kept: + ^ % ( ) newline and tab come out literally, but { } ~ keep their
 * key meaning ("a{b}" types "ab", "~" presses Enter) and {VK_CONTROL}/{VK_SHIFT}/{VK_MENU} become modifiers;
 * ufoSetEditTextTyping reproduces that for a strict compatibility mode.
 * UFO v1 (single-action responses) also replaced the two characters backslash-n with a newline in every string
 * argument (utils.revise_line_breaks); the action parser does the same for that shape only.
 */

/** One call of pywinauto's type_keys: the key string and the flags it is parsed with. */
export interface TypeKeysCall {
  keys: string;
  withSpaces: boolean;
  withTabs: boolean;
  withNewlines: boolean;
}

/** UFO's TextTransformer.transform_text(text, "all"), replacement for replacement and in the same order. */
export function ufoTransformText(text: string): string {
  // Python's str.replace replaces every non-overlapping occurrence left to right, as replaceAll does.
  return text
    .replaceAll('\n', '{ENTER}')
    .replaceAll('\t', '{TAB}')
    .replaceAll('+', '{+}')
    .replaceAll('^', '{^}')
    .replaceAll('%', '{%}')
    .replaceAll('{VK_CONTROL}', '^')
    .replaceAll('{VK_SHIFT}', '+')
    .replaceAll('{VK_MENU}', '%')
    .replaceAll('(', '{(}')
    .replaceAll(')', '{)}');
}

/** The type_keys call UFO's keyboard_input makes for `keys` (with control_focus either way: same flags). */
export function ufoKeyboardInput(keys: string): TypeKeysCall {
  return { keys: ufoTransformText(keys), withSpaces: false, withTabs: false, withNewlines: false };
}

/** The key events UFO's keyboard_input sends for `keys`. Throws LambError INVALID_ARGUMENT on a syntax error. */
export function ufoKeyboardInputEvents(keys: string): KeyEvent[] {
  return parseTypeKeysCall(ufoKeyboardInput(keys));
}

export interface UfoSetEditTextOptions {
  /** The action's clear_current_text: "^a" then "{DELETE}" first. */
  clearCurrentText?: boolean;
  /** UFO's INPUT_TEXT_ENTER config (default false): press Enter after the text. */
  inputTextEnter?: boolean;
}

/**
 * The type_keys calls UFO's set_edit_text makes when it types (INPUT_TEXT_API "type_keys", UFO's default):
 * optional clearing, the transformed text with spaces kept, optional Enter.
 */
export function ufoSetEditTextTyping(text: string, options: UfoSetEditTextOptions = {}): TypeKeysCall[] {
  const plain = (keys: string): TypeKeysCall => ({ keys, withSpaces: false, withTabs: false, withNewlines: false });
  const calls: TypeKeysCall[] = [];
  if (options.clearCurrentText) calls.push(plain('^a'), plain('{DELETE}'));
  calls.push({ keys: ufoTransformText(text), withSpaces: true, withTabs: false, withNewlines: false });
  if (options.inputTextEnter) calls.push(plain('{ENTER}'));
  return calls;
}

/**
 * UFO's set_text fallback: select all, Backspace, then the RAW text (not transformed) with spaces kept, so a
 * "+" in the text is a Shift. In the quoted code this branch is unreachable (method_name is "set_edit_text"
 * where it is compared with "set_text"); it is reproduced because it documents UFO's intended fallback.
 */
export function ufoSetEditTextFallback(text: string): TypeKeysCall {
  return { keys: `^a{BACKSPACE}${text}`, withSpaces: true, withTabs: false, withNewlines: false };
}

/** Parses a type_keys call with its flags. */
export function parseTypeKeysCall(call: TypeKeysCall): KeyEvent[] {
  return parseKeys(call.keys, {
    withSpaces: call.withSpaces,
    withTabs: call.withTabs,
    withNewlines: call.withNewlines,
  });
}

/**
 * UFO v1's utils.revise_line_breaks on one string argument: the two characters backslash and n become a newline
 * (`args[key].replace("\\n", "\n")`). Applied by UFO to the Args of single-action v1/v2 responses only.
 */
export function ufoReviseLineBreaks(value: string): string {
  return value.replaceAll('\\n', '\n');
}
