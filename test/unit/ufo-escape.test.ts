import { describe, it, expect } from 'vitest';
import {
  ufoTransformText,
  ufoKeyboardInput,
  ufoKeyboardInputEvents,
  ufoSetEditTextTyping,
  ufoSetEditTextFallback,
  ufoReviseLineBreaks,
  parseTypeKeysCall,
} from '../../lib/act/keys/ufo-escape.js';
import type { KeyEvent } from '../../lib/act/keys/parse-keys.js';
import { LambError } from '../../lib/model/errors.js';

const press = (key: string): KeyEvent => ({ type: 'press', key });
const release = (key: string): KeyEvent => ({ type: 'release', key });
const tap = (key: string): KeyEvent => ({ type: 'tap', key });
const text = (t: string): KeyEvent => ({ type: 'text', text: t });

describe("UFO's TextTransformer.transform_text(text, 'all')", () => {
  it.each([
    ['^a', '{^}a'],
    ['+', '{+}'],
    ['%{F4}', '{%}{F4}'],
    ['(x)', '{(}x{)}'],
    ['a\nb', 'a{ENTER}b'],
    ['a\tb', 'a{TAB}b'],
    ['{VK_CONTROL}c', '^c'],
    ['{VK_SHIFT}{VK_CONTROL}s', '+^s'],
    ['{VK_MENU}f', '%f'],
    ['{VK_CONTROL down}c{VK_CONTROL up}', '{VK_CONTROL down}c{VK_CONTROL up}'],
    ['{VK_CONTROL 2}', '{VK_CONTROL 2}'],
    ['{ENTER}{TAB 2}~', '{ENTER}{TAB 2}~'],
    ['{+}', '{{+}}'],
    ['{(}', '{{(}}'],
    ['1+1=2 (100%)', '1{+}1=2 {(}100{%}{)}'],
    ['Hello World', 'Hello World'],
  ])('%j -> %j', (input, expected) => {
    expect(ufoTransformText(input)).toBe(expected);
  });

  it('applies the replacements in UFO order: escapes first, then {VK_*} to modifiers, then parentheses', () => {
    // "{VK_CONTROL}" contains no escaped character, so its ^ survives; a literal ^ next to it does not.
    expect(ufoTransformText('^{VK_CONTROL}^')).toBe('{^}^{^}');
    // The {ENTER} made from a newline is not touched by later steps.
    expect(ufoTransformText('\n(')).toBe('{ENTER}{(}');
  });
});

describe('keyboard_input as UFO runs it', () => {
  it('"^a" types a caret and an a (no Ctrl)', () => {
    expect(ufoKeyboardInputEvents('^a')).toEqual([text('^a')]);
  });

  it('"{VK_CONTROL}a" is Ctrl+A; {VK_SHIFT}{VK_CONTROL}s is Ctrl+Shift+S', () => {
    expect(ufoKeyboardInputEvents('{VK_CONTROL}a')).toEqual([press('VK_CONTROL'), tap('a'), release('VK_CONTROL')]);
    expect(ufoKeyboardInputEvents('{VK_SHIFT}{VK_CONTROL}s')).toEqual([
      press('VK_SHIFT'), press('VK_CONTROL'), tap('s'), release('VK_CONTROL'), release('VK_SHIFT'),
    ]);
  });

  it('"%{F4}" types % then presses F4', () => {
    expect(ufoKeyboardInputEvents('%{F4}')).toEqual([text('%'), tap('F4')]);
  });

  it('spaces are dropped (type_keys defaults), newlines and tabs become keys', () => {
    expect(ufoKeyboardInput('Hello World')).toEqual({ keys: 'Hello World', withSpaces: false, withTabs: false, withNewlines: false });
    expect(ufoKeyboardInputEvents('Hello World')).toEqual([text('HelloWorld')]);
    expect(ufoKeyboardInputEvents('a\nb\tc')).toEqual([text('a'), tap('ENTER'), text('b'), tap('TAB'), text('c')]);
  });

  it('{KEY down}/{KEY up}, named keys, repetition and ~ keep their pywinauto meaning', () => {
    expect(ufoKeyboardInputEvents('{VK_CONTROL down}c{VK_CONTROL up}')).toEqual([press('VK_CONTROL'), tap('c'), release('VK_CONTROL')]);
    expect(ufoKeyboardInputEvents('{TAB 2}~')).toEqual([tap('TAB'), tap('TAB'), tap('ENTER')]);
    expect(ufoKeyboardInputEvents('{{}x{}}')).toEqual([text('{x}')]);
  });

  it('the pywinauto escapes {+} {^} {%} {(} {)} become errors', () => {
    for (const k of ['{+}', '{^}', '{%}', '{(}', '{)}']) {
      expect(() => ufoKeyboardInputEvents(k)).toThrow(LambError);
    }
  });

  it('parentheses are typed, so they are never unbalanced', () => {
    expect(ufoKeyboardInputEvents('f(x')).toEqual([text('f(x')]);
  });
});

describe('set_edit_text as UFO types it', () => {
  it('INPUT_TEXT_API "type_keys": transformed text with spaces kept', () => {
    expect(ufoSetEditTextTyping('Hello World (1+1)\nbye')).toEqual([
      { keys: 'Hello World {(}1{+}1{)}{ENTER}bye', withSpaces: true, withTabs: false, withNewlines: false },
    ]);
    expect(parseTypeKeysCall(ufoSetEditTextTyping('Hello World (1+1)\nbye')[0]!)).toEqual([
      text('Hello World (1+1)'), tap('ENTER'), text('bye'),
    ]);
  });

  it('but { } ~ and {VK_*} keep their key meaning in UFO (the bridge types literally instead)', () => {
    const calls = ufoSetEditTextTyping('a{b}~{VK_CONTROL}a');
    expect(calls.flatMap(parseTypeKeysCall)).toEqual([text('ab'), tap('ENTER'), press('VK_CONTROL'), tap('a'), release('VK_CONTROL')]);
  });

  it('clear_current_text sends ^a then {DELETE} first; INPUT_TEXT_ENTER adds {ENTER}', () => {
    const calls = ufoSetEditTextTyping('x', { clearCurrentText: true, inputTextEnter: true });
    expect(calls.map((c) => c.keys)).toEqual(['^a', '{DELETE}', 'x', '{ENTER}']);
    expect(calls.flatMap(parseTypeKeysCall)).toEqual([
      press('VK_CONTROL'), tap('a'), release('VK_CONTROL'), tap('DELETE'), text('x'), tap('ENTER'),
    ]);
  });

  it('the set_text fallback: ^a{BACKSPACE} then the RAW text, spaces kept (a + is Shift there)', () => {
    const call = ufoSetEditTextFallback('a+b c');
    expect(call).toEqual({ keys: '^a{BACKSPACE}a+b c', withSpaces: true, withTabs: false, withNewlines: false });
    expect(parseTypeKeysCall(call)).toEqual([
      press('VK_CONTROL'), tap('a'), release('VK_CONTROL'), tap('BACKSPACE'), text('a'),
      press('VK_SHIFT'), tap('b'), release('VK_SHIFT'), text(' c'),
    ]);
  });
});

describe('utils.revise_line_breaks', () => {
  it('turns backslash-n into a newline and leaves the rest', () => {
    expect(ufoReviseLineBreaks('a\\nb')).toBe('a\nb');
    expect(ufoReviseLineBreaks('C:\\new\\tab')).toBe('C:\new\\tab');
    expect(ufoReviseLineBreaks('plain')).toBe('plain');
  });
});
