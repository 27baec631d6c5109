/**
 * No AT-SPI or X11 name in lib/ outside the places that are about those platforms: lib/platform/atspi/,
 * lib/platform/x11/, lib/platform/index.ts (which picks the adapter), lib/session/ (the headless desktop is
 * Xvfb + AT-SPI) and the CLI's `desktop` command and handler.
 * Everything else speaks the platform-neutral model (docs/ARCHITECTURE.md "The seam").
 *
 * Code only: identifiers and string literals, read with the TypeScript scanner. Comments may compare
 * platforms ("AT-SPI SHOWING, UIA !IsOffscreen"), which is how normalization is documented. The platform
 * discriminant 'atspi' is the model's own vocabulary (lib/model/snapshot.ts `Platform`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'ts5';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PLATFORM_NAME = /atspi|at-spi|x11|xtest|keysym|xvfb|xlib/i;
// The Windows backend's words: UI Automation, COM's error codes, MSAA and its roles, SendInput's key codes.
const UIA_NAME = /uia|IUIAutomation|HRESULT|msaa|ROLE_SYSTEM|oleacc|IAccessible|virtualKey|VK_PACKET/i;
// Where the Windows words may be: its own directory and the two places that tell the platforms apart.
const UIA_ALLOWED = /^lib\/(platform\/uia\/|platform\/index\.ts$|platform\/desktop-identity\.ts$)/;
// lib/platform/desktop-identity.ts names each platform's desktop (DISPLAY and the AT-SPI bus; the Windows
// session): like index.ts, it is where the platforms are told apart.
const ALLOWED = /^lib\/(platform\/atspi\/|platform\/x11\/|platform\/index\.ts$|platform\/desktop-identity\.ts$|session\/|cli\/(commands|handlers)\/desktop\.ts$)/;

/**
 * Offenders that the lib/platform rewrite of issue 7 (another part) removes: the flat AT-SPI and X11 modules
 * move into lib/platform/atspi/ and lib/platform/x11/, and Desktop gets its adapter from lib/platform/index.ts.
 * The test fails on a new offender and on a listed file that is clean now: the list only shrinks.
 */
const KNOWN_OFFENDERS: string[] = [];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Identifiers and literal texts of a TypeScript file, comments skipped (read from the syntax tree). */
export function codeWords(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, /* setParentNodes */ false);
  const words: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) words.push(node.text);
    else if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) words.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return words;
}

function offenders(names: RegExp, allowed: RegExp, discriminant: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of tsFiles(join(ROOT, 'lib'))) {
    const rel = relative(ROOT, file).split('\\').join('/');
    if (allowed.test(rel)) continue;
    const words = codeWords(readFileSync(file, 'utf8')).filter((w) => names.test(w));
    // The discriminant value is the model's vocabulary.
    const named = [...new Set(rel.startsWith('lib/model/') ? words.filter((w) => w !== discriminant) : words)].sort();
    if (named.length > 0) out[rel] = named;
  }
  return out;
}

describe('platform names', () => {
  it('the scanner sees code, not comments (so this check can fail)', () => {
    const words = codeWords("// AtspiNode in a comment\nconst x = new AtspiAdapter(`a${XK_Return}b`, 'Xvfb'); /* X11 */");
    expect(words).toContain('AtspiAdapter');
    expect(words).toContain('Xvfb');
    expect(words).toContain('XK_Return');
    expect(words.some((w) => w.includes('comment') || w === 'X11')).toBe(false);
  });

  it('no AT-SPI or X11 name in lib/ code outside lib/platform/{atspi,x11}, lib/session and `lamb desktop`', () => {
    const found = offenders(PLATFORM_NAME, ALLOWED, 'atspi');
    const report = Object.entries(found).map(([file, names]) => `${file}: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
    expect(Object.keys(found).sort(), report.join('\n')).toEqual([...KNOWN_OFFENDERS].sort());
  });

  it('the Windows rule matches what it must and spares the platform-neutral words', () => {
    for (const w of ['UiaAdapter', 'normalizeUiaNodes', 'IUIAutomationElement', 'hresultName', 'MSAA_ROLES', 'ROLE_SYSTEM_TEXT', 'VK_PACKET'])
      expect(UIA_NAME.test(w), w).toBe(true);
    for (const w of ['Window', 'ControlType', 'keyCode', 'actions', 'Suite']) expect(UIA_NAME.test(w), w).toBe(false);
    expect(UIA_ALLOWED.test('lib/platform/uia/uia-node.ts')).toBe(true);
    expect(UIA_ALLOWED.test('lib/act/editability.ts')).toBe(false);
  });

  it('no UI Automation, HRESULT or MSAA name in lib/ code outside lib/platform/uia, lib/platform/index.ts and desktop-identity.ts', () => {
    const found = offenders(UIA_NAME, UIA_ALLOWED, 'uia');
    const report = Object.entries(found).map(([file, names]) => `${file}: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
    expect(report).toEqual([]);
  });
});
