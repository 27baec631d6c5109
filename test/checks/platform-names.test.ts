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

function offenders(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of tsFiles(join(ROOT, 'lib'))) {
    const rel = relative(ROOT, file).split('\\').join('/');
    if (ALLOWED.test(rel)) continue;
    const words = codeWords(readFileSync(file, 'utf8')).filter((w) => PLATFORM_NAME.test(w));
    // The discriminant value is the model's vocabulary.
    const named = [...new Set(rel.startsWith('lib/model/') ? words.filter((w) => w !== 'atspi') : words)].sort();
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
    const found = offenders();
    const report = Object.entries(found).map(([file, names]) => `${file}: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
    expect(Object.keys(found).sort(), report.join('\n')).toEqual([...KNOWN_OFFENDERS].sort());
  });
});
