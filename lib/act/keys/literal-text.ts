import type { KeyEvent } from './parse-keys.js';

/*
 * Typing text literally, the bridge's own rule for set_edit_text when it has to type: every character as
 * written (spaces included), a newline (LF or CRLF) as the Enter key and a tab as the Tab key, the way UFO's
 * transform_text treats newlines and tabs, but with no other character given a key meaning. Typing Enter
 * rather than a typed "\n" matters: many controls ignore a newline character but act on the Enter key.
 */

/** The key events that type `text` literally. */
export function literalTextEvents(text: string): KeyEvent[] {
  const events: KeyEvent[] = [];
  let chunk = '';
  const flush = () => {
    if (chunk.length > 0) events.push({ type: 'text', text: chunk });
    chunk = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i += 1;
      flush();
      events.push({ type: 'tap', key: 'ENTER' });
    } else if (c === '\t') {
      flush();
      events.push({ type: 'tap', key: 'TAB' });
    } else {
      chunk += c;
    }
  }
  flush();
  return events;
}

/**
 * A pywinauto key string that types `text` literally when sent with with_spaces=True: every special character
 * escaped as {c}, newline as {ENTER}, tab as {TAB} (parseKeys(escapeForSendKeys(t), { withSpaces: true }) and
 * literalTextEvents(t) agree). For callers that must hand text to a pywinauto-syntax consumer.
 */
export function escapeForSendKeys(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[{}+^%()~\n\t]/g, (c) => (c === '\n' ? '{ENTER}' : c === '\t' ? '{TAB}' : `{${c}}`));
}
