/**
 * The headless desktop (Xvfb + D-Bus + AT-SPI) as a product feature: `lamb desktop`, `lamb demo`, the test
 * global setup and the benchmarks all start desktops and apps through this module. Linux only.
 */
export { APP_KINDS, appSpec, apps, isAppKind, isOfficeKind, takesProfile, type AppKind, type AppSpec } from './app-specs.js';
export { listAtspiApps, parseGVariantString, type AtspiApp } from './atspi-bus-probe.js';
export { desktopEnvironment, startDesktopSession, type DesktopSession, type DesktopSessionOptions } from './desktop-session.js';
export { desktopStatus, readState, recordSession, stateDir, stateFile, stopRecordedDesktop, DESKTOP_NAME, type DesktopStatus } from './desktop-state.js';
export { DESKTOP_ENV_VARS, desktopIsUsable, startHeadlessDesktop, type DesktopEnv, type HeadlessDesktop } from './headless-desktop.js';
export { launchApp, type LaunchOptions, type RunningApp } from './launch-app.js';
export { exitCodeForSignal, runOnDesktop } from './run-on-desktop.js';
export { StartCancelled } from './process-group.js';
export { ensureSystemPackages, type PackageGroup } from './system-packages.js';
export { TOOLKIT_ACCESSIBILITY, withAccessibility, type Toolkit } from './toolkit-accessibility.js';
