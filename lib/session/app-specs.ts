/**
 * The applications the headless desktop can launch: how to start each one, which toolkit it uses (for its
 * accessibility switch, toolkit-accessibility.ts) and how to recognise it on the AT-SPI bus.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Toolkit } from './toolkit-accessibility.js';

export interface AppSpec {
  name: string;
  command: string;
  args: string[];
  toolkit: Toolkit;
  /** Variables of the app's own, on top of its toolkit's accessibility switch. */
  env?: Record<string, string>;
  /** Matched against the Name of the application's AT-SPI root object. */
  atspiName: RegExp;
  startupTimeoutMs: number;
  /**
   * Ready only once the application exposes at least one top-level window on AT-SPI (default true). Apps
   * register on the bus before their first window exists, and a caller that walks the tree right then sees
   * an empty app.
   */
  requireWindow?: boolean;
  /** Runs before spawning, e.g. to seed a LibreOffice profile. */
  prepare?: () => void | Promise<void>;
}

/**
 * Settings written into a fresh LibreOffice profile before the first start: Impress otherwise opens a modal
 * "Select a Template" dialog over the document, and the tip-of-the-day dialog can pop up over any module.
 */
const LIBREOFFICE_PROFILE_SEED = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Impress/Misc/NewDoc"><prop oor:name="AutoPilot" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`;

function seedLibreOfficeProfile(profileDir: string): void {
  const file = join(profileDir, 'user', 'registrymodifications.xcu');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, LIBREOFFICE_PROFILE_SEED);
}

/**
 * The UNO pipe a launched LibreOffice accepts on, so the Office API can act on the very document the UI shows
 * (lib/office attach). Named after the profile, and written into it (lamb-uno-pipe) for attach to read.
 */
export function officeUnoPipe(profileDir: string): string {
  return `lamb-ui-${createHash('sha1').update(resolve(profileDir)).digest('hex').slice(0, 16)}`;
}

function office(module: 'writer' | 'calc' | 'impress', profileDir: string): AppSpec {
  const pipe = officeUnoPipe(profileDir);
  return {
    name: `libreoffice-${module}`,
    command: '/usr/bin/soffice',
    // No --nodefault: --writer/--calc/--impress should open an empty document window.
    args: [
      `--${module}`,
      '--norestore',
      '--nologo',
      `--accept=pipe,name=${pipe};urp;`,
      `-env:UserInstallation=${pathToFileURL(resolve(profileDir)).href}`,
    ],
    toolkit: 'libreoffice-gtk3',
    // Every LibreOffice module registers as "soffice"; the window title tells them apart.
    atspiName: /^soffice$/,
    startupTimeoutMs: 60000,
    prepare: () => {
      seedLibreOfficeProfile(profileDir);
      writeFileSync(join(profileDir, 'lamb-uno-pipe'), pipe + '\n');
    },
  };
}

/** Debian's multiarch directory for this machine (x86_64-linux-gnu, aarch64-linux-gnu). */
const MULTIARCH = `${{ x64: 'x86_64', arm64: 'aarch64' }[process.arch as string] ?? process.arch}-linux-gnu`;

/** Where Debian's qtbase5-examples installs the Qt 5 examples. */
const QT5_EXAMPLES = `/usr/lib/${MULTIARCH}/qt5/examples`;

/** A local page for the Chromium app kind: test/fixtures/pages/form.html and friends, or any URL. */
const CHROMIUM_DEFAULT_URL = 'about:blank';

function chromium(profileDir: string, url: string = CHROMIUM_DEFAULT_URL): AppSpec {
  return {
    name: 'chromium',
    command: '/usr/bin/chromium',
    args: [
      // A private profile: a second Chromium with the same profile hands its URL to the first and exits.
      `--user-data-dir=${resolve(profileDir)}`,
      // As root (containers, CI) Chromium refuses to start without --no-sandbox; no GPU on Xvfb.
      '--no-sandbox',
      '--disable-gpu',
      // Nothing that opens dialogs, tabs or network traffic of its own over the page under test.
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      url,
    ],
    toolkit: 'chromium',
    atspiName: /^Chromium$/,
    // Slow to start on a small machine (2 cores): the browser, its GPU-less compositor and the renderer.
    startupTimeoutMs: 60000,
    prepare: () => void mkdirSync(profileDir, { recursive: true }),
  };
}

/**
 * Office apps take a profile directory of their own: a private profile keeps an instance from handing its
 * request to an already running soffice (single-instance pipe) and leaves nothing behind.
 */
export const apps = {
  widgetFactory: (): AppSpec => ({
    name: 'gtk3-widget-factory',
    command: 'gtk3-widget-factory',
    args: [],
    toolkit: 'gtk3',
    atspiName: /^gtk3-widget-factory$/,
    startupTimeoutMs: 20000,
  }),
  gtk3Demo: (): AppSpec => ({
    name: 'gtk3-demo',
    command: 'gtk3-demo',
    args: [],
    toolkit: 'gtk3',
    atspiName: /^gtk3-demo$/,
    startupTimeoutMs: 20000,
  }),
  gtk4WidgetFactory: (): AppSpec => ({
    name: 'gtk4-widget-factory',
    command: 'gtk4-widget-factory',
    args: [],
    toolkit: 'gtk4',
    atspiName: /^gtk4-widget-factory$/,
    startupTimeoutMs: 20000,
  }),
  // Qt 5 widgets, a dialog: editable combo boxes (a QLineEdit inside, EditableText) and a Find button whose
  // Press lists the matching files in a table and says how many it found. Qt names its top level "filler".
  qt5Widgets: (): AppSpec => ({
    name: 'qt5-findfiles',
    command: QT5_EXAMPLES + '/widgets/dialogs/findfiles/findfiles',
    args: [],
    toolkit: 'qt',
    atspiName: /^findfiles$/,
    startupTimeoutMs: 20000,
  }),
  // Qt 5 widgets: five QLineEdits with combo boxes that change their echo mode, validator and mask.
  qt5LineEdits: (): AppSpec => ({
    name: 'qt5-lineedits',
    command: QT5_EXAMPLES + '/widgets/widgets/lineedits/lineedits',
    args: [],
    toolkit: 'qt',
    atspiName: /^lineedits$/,
    startupTimeoutMs: 20000,
  }),
  writer: (profileDir: string): AppSpec => office('writer', profileDir),
  calc: (profileDir: string): AppSpec => office('calc', profileDir),
  impress: (profileDir: string): AppSpec => office('impress', profileDir),
  chromium: (profileDir: string, url?: string): AppSpec => chromium(profileDir, url),
};

export type AppKind = keyof typeof apps;

export const APP_KINDS = Object.keys(apps) as AppKind[];

const OFFICE_KINDS: ReadonlySet<AppKind> = new Set<AppKind>(['writer', 'calc', 'impress']);
/** Kinds that take a private profile directory (office kinds and browsers). */
const PROFILE_KINDS: ReadonlySet<AppKind> = new Set<AppKind>(['writer', 'calc', 'impress', 'chromium']);

export function takesProfile(kind: AppKind): boolean {
  return PROFILE_KINDS.has(kind);
}

export function isOfficeKind(kind: AppKind): kind is 'writer' | 'calc' | 'impress' {
  return OFFICE_KINDS.has(kind);
}

export function isAppKind(name: string): name is AppKind {
  return Object.hasOwn(apps, name);
}

/** The spec of an app kind; office kinds and chromium get their profile under `profileDir`. */
export function appSpec(kind: AppKind, profileDir: string): AppSpec {
  if (kind === 'chromium') return apps.chromium(profileDir);
  return isOfficeKind(kind) ? apps[kind](profileDir) : apps[kind]();
}
