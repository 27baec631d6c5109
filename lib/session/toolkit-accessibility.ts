/**
 * What each GUI toolkit needs before it talks to the AT-SPI bus. Without the right switch an app starts fine
 * but never appears on the bus (or shows an empty tree), and every caller times out with no hint why.
 *
 * Only toolkits that a test launches on the headless desktop are listed. Known switches for the next ones,
 * to be added together with a test that launches such an app (issue 5 of 8):
 *   - Qt 5/6: QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 and QT_ACCESSIBILITY=1
 *   - GTK 4: GSK_RENDERER=cairo (no GL on Xvfb), GTK_A11Y unset
 */
export type Toolkit = 'gtk3' | 'libreoffice-gtk3' | 'chromium';

export interface AccessibilitySwitch {
  /** Variables to set in the app's environment. */
  env: Record<string, string>;
  /** Variables to remove from it: each one would hide the app from AT-SPI. */
  unset: string[];
  /** Extra command-line arguments. */
  args: string[];
  /** Where this is exercised. */
  testedBy: string;
}

export const TOOLKIT_ACCESSIBILITY: Record<Toolkit, AccessibilitySwitch> = {
  gtk3: {
    env: {},
    // NO_AT_BRIDGE=1 makes GTK 3 skip atk-bridge; GTK_A11Y=none turns accessibility off.
    unset: ['NO_AT_BRIDGE', 'GTK_A11Y'],
    args: [],
    testedBy: 'test/e2e/snapshot-widget-factory.test.ts, test/e2e/act-gtk3-demo.test.ts',
  },
  'libreoffice-gtk3': {
    // LibreOffice's VCL has several backends; only the GTK 3 one exposes AT-SPI through atk-bridge.
    env: { SAL_USE_VCLPLUGIN: 'gtk3' },
    unset: ['NO_AT_BRIDGE', 'GTK_A11Y'],
    args: [],
    testedBy: 'test/e2e/snapshot-writer.test.ts, test/e2e/snapshot-calc.test.ts',
  },
  chromium: {
    // Chromium (and every Electron app, which embeds it) registers on the AT-SPI bus only when told to:
    // without ACCESSIBILITY_ENABLED=1 it did not register within 15 s, and without
    // --force-renderer-accessibility the page's content is missing (the app shows a bare frame).
    // Electron apps take the same switch on their own command line (e.g. `code --force-renderer-accessibility`).
    env: { ACCESSIBILITY_ENABLED: '1' },
    unset: [],
    args: ['--force-renderer-accessibility'],
    testedBy: 'test/contract/atspi-chromium.contract.test.ts',
  },
};

/** The environment and arguments an app of this toolkit is launched with. */
export function withAccessibility(
  toolkit: Toolkit,
  env: NodeJS.ProcessEnv,
  args: string[],
): { env: NodeJS.ProcessEnv; args: string[] } {
  const sw = TOOLKIT_ACCESSIBILITY[toolkit];
  const out: NodeJS.ProcessEnv = { ...env, ...sw.env };
  for (const name of sw.unset) delete out[name];
  return { env: out, args: [...args, ...sw.args] };
}
