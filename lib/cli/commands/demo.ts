import type { Command } from 'commander';
import {
  apps,
  desktopIsUsable,
  ensureSystemPackages,
  launchApp,
  startHeadlessDesktop,
  type HeadlessDesktop,
  type RunningApp,
} from '../../../scripts/headless-desktop.js';
import { LambError } from '../../model/index.js';
import { observe } from '../../observe/observe.js';
import { Desktop } from '../../desktop/desktop.js';
import { printResult, progress, runCommand } from '../output.js';

/**
 * The main job end to end on a real app: a desktop (a headless one is started when none is usable), a real
 * GTK application, a snapshot, and the observation a model would read.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start a headless desktop if needed, launch gtk3-widget-factory, snapshot it and print its tree')
    .action(() =>
      runCommand(async () => {
        if (process.platform !== 'linux')
          throw new LambError('UNSUPPORTED_PLATFORM', 'demo (lamb): the demo drives a Linux desktop (AT-SPI) for now');
        let desktop: HeadlessDesktop | undefined;
        let app: RunningApp | undefined;
        try {
          if (!(await desktopIsUsable(process.env))) {
            progress('no usable desktop: starting a headless one (Xvfb + D-Bus + AT-SPI)');
            ensureSystemPackages(['desktop']);
            desktop = await startHeadlessDesktop({ log: progress });
            Object.assign(process.env, desktop.env);
          }
          progress('launching gtk3-widget-factory');
          app = await launchApp(apps.widgetFactory(), process.env);
          const desk = await Desktop.open();
          const full = await desk.snapshot({ pid: app.pid });
          progress(`full tree: ${full.nodes.length} nodes in ${full.data.durationMs} ms`);
          const visible = await desk.snapshot({ pid: app.pid, visibleOnly: true });
          progress(`visible tree: ${visible.nodes.length} nodes in ${visible.data.durationMs} ms; the observation a model reads:`);
          const observation = observe(visible.data, 'tree');
          printResult(observation.text);
          progress(`${observation.tokens} tokens (tree format)`);
        } finally {
          await app?.stop();
          await desktop?.stop();
        }
      }),
    );
}
