import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apps,
  desktopIsUsable,
  ensureSystemPackages,
  launchApp,
  startHeadlessDesktop,
  type HeadlessDesktop,
  type RunningApp,
} from '../../session/index.js';
import { LambError } from '../../model/index.js';
import { Desktop } from '../../desktop/desktop.js';
import { printResult, progress, runCommand } from '../output.js';

/**
 * The main job end to end on a real app: a desktop (a headless one is started when none is usable), a real
 * GTK application, a snapshot, the observation a model would read (UFO's control list, labelled), the
 * annotated screenshot with the same labels (written to --out), a model's answer naming the entry by its
 * label, run and verified, and the same kind of step through the MCP server (`lamb serve --mcp` on stdio:
 * demo-mcp.ts). Stdout: the observation, then the action result (JSON); the story on stderr.
 */
export function demoCommand(flags: { out?: string } = {}): Promise<void> {
  return runCommand(async () => {
    if (flags.out === '') throw new LambError('INVALID_ARGUMENT', 'demo (lamb): --out needs a directory');
    if (process.platform !== 'linux')
      throw new LambError('UNSUPPORTED_PLATFORM', 'demo (lamb): the demo drives a Linux desktop for now');
    let desktop: HeadlessDesktop | undefined;
    let app: RunningApp | undefined;
    try {
      if (!(await desktopIsUsable(process.env))) {
        progress('no usable desktop: starting a headless one (as `lamb desktop run` does)');
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
      progress(`visible tree: ${visible.nodes.length} nodes in ${visible.data.durationMs} ms; the observation a model reads (UFO's control list):`);
      // Through the Snapshot, so the Desktop remembers the labels and a later act can name a control by one.
      const observation = visible.observe('ufo');
      printResult(observation.text);
      const labels = observation.labels!;
      progress(`${Object.keys(labels.labels).length} controls, ${observation.tokens} tokens (ufo format)`);

      // The screenshot a vision model gets with it: the same labels drawn on the window (set-of-mark).
      const dir = flags.out ?? mkdtempSync(join(tmpdir(), 'lamb-demo-'));
      mkdirSync(dir, { recursive: true });
      const shot = await desk.screenshot({ snapshot: visible, labels, annotate: true, format: 'ufo' });
      const png = join(dir, 'annotated.png');
      writeFileSync(png, shot.png);
      progress(`annotated screenshot ${shot.width}x${shot.height} with the control list's labels written to ${png} (${shot.png.length} bytes)`);

      // A model's answer in UFO's v1 format, naming the entry by the label it read, run and verified.
      const entry = visible.find({ role: 'Edit' }).find((e) => e.value === 'entry' && e.states.includes('enabled'));
      if (!entry) throw new LambError('TARGET_NOT_FOUND', 'demo (lamb): the widget factory shows no text entry');
      const label = Object.entries(labels.labels).find(([, target]) => target.ref === entry.ref)?.[0];
      if (!label) throw new LambError('TARGET_NOT_FOUND', 'demo (lamb): the text entry is not in the control list');
      const answer = {
        Function: 'set_edit_text',
        Args: { text: 'Hello from lam-bridge' },
        ControlLabel: label,
        ControlText: entry.name,
        Status: 'CONTINUE',
      };
      progress(`acting: ${JSON.stringify(answer)}`);
      const result = await desk.act(answer);
      progress(`${result.verdict} via ${result.method} in ${result.durationMs} ms; evidence:`);
      printResult(JSON.stringify(result, null, 2));
      await desk.close();

      // The same step as an MCP client (a desktop assistant, an IDE agent) takes it.
      const { mcpDemoStep } = await import('./demo-mcp.js');
      const mcp = await mcpDemoStep(app.pid, entry.ref, 'Hello through MCP', progress);
      return result.verdict === 'verified' && mcp.verdict === 'verified' ? 0 : 3;
    } finally {
      await app?.stop();
      await desktop?.stop();
    }
  });
}
