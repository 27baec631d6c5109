/**
 * What each GUI toolkit needs before it talks to the AT-SPI bus. Without the right switch an app starts fine
 * but never appears on the bus (or shows an empty tree), and every caller times out with no hint why.
 *
 * Only toolkits that a test launches on the headless desktop are listed: each entry's testedBy names where.
 */
export type Toolkit = 'gtk3' | 'libreoffice-gtk3' | 'gtk4' | 'qt' | 'chromium';

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
  gtk4: {
    // GTK 4 renders with GL by default, which Xvfb lacks: the app then fails to draw, or aborts, before its
    // widgets reach the bus. Cairo draws in software. GTK 4 finds the accessibility bus itself (X root
    // window property AT_SPI_BUS, or AT_SPI_BUS_ADDRESS), and GTK_A11Y=none turns its AT-SPI backend off.
    env: { GSK_RENDERER: 'cairo' },
    unset: ['GTK_A11Y'],
    args: [],
    testedBy: 'test/contract/atspi-gtk4-widget-factory.contract.test.ts, test/e2e/snapshot-gtk4-widget-factory.test.ts',
  },
  qt: {
    // Qt 5 and 6 turn their AT-SPI bridge on only when org.a11y.Status says a screen reader runs, which
    // nothing says on a headless desktop; QT_LINUX_ACCESSIBILITY_ALWAYS_ON overrides that. Only the xcb
    // (and Wayland) platform plugins carry the bridge: QT_QPA_PLATFORM=offscreen or minimal, common in CI,
    // would hide the app. (QT_ACCESSIBILITY=1 is read by Qt 4 only; Qt 5.15 has no such variable.) Qt 5
    // finds the bus through org.a11y.Bus on the session bus, or synchronously from the root window's
    // AT_SPI_BUS property, which the headless desktop sets: without it Qt 5.15 registers with the registry
    // before its bus connection is up in about half the starts, and never appears (headless-desktop.ts).
    // Qt 6.4 takes AT_SPI_BUS_ADDRESS when it is set, connects there, and then never registers with the
    // registry: without it, Qt 6 finds the same bus through the session bus as Qt 5 does, and registers.
    env: { QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '1' },
    unset: ['QT_QPA_PLATFORM', 'AT_SPI_BUS_ADDRESS'],
    args: [],
    testedBy: 'test/contract/atspi-qt5.contract.test.ts, test/e2e/qt5-apps-windows.test.ts, test/e2e/qt6-window.test.ts',
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
