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
import { observe } from '../../observe/observe.js';
import { Desktop } from '../../desktop/desktop.js';
import { printResult, progress, runCommand } from '../output.js';

/**
 * The main job end to end on a real app: a desktop (a headless one is started when none is usable), a real
 * GTK application, a snapshot, the observation a model would read, a verified action, and the same kind of
 * step through the MCP server (`lamb serve --mcp` on stdio: demo-mcp.ts).
 */
export function demoCommand(): Promise<void> {
  return runCommand(async () => {
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
      progress(`visible tree: ${visible.nodes.length} nodes in ${visible.data.durationMs} ms; the observation a model reads:`);
      const observation = observe(visible.data, 'tree');
      printResult(observation.text);
      progress(`${observation.tokens} tokens (tree format)`);

      // A model's answer in UFO's v1 format, grounded on the entry just seen, run and verified.
      const entry = visible.find({ role: 'Edit' }).find((e) => e.value === 'entry' && e.states.includes('enabled'));
      if (!entry) throw new LambError('TARGET_NOT_FOUND', 'demo (lamb): the widget factory shows no text entry');
      const answer = {
        Function: 'set_edit_text',
        Args: { text: 'Hello from lam-bridge' },
        ControlLabel: entry.ref,
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
