import { exitCodeFor, LambError, OfficeApp, type ActionResult } from '../../model/index.js';
import { checkOfficeFile } from '../../office/office-file.js';
import { OFFICE_FUNCTIONS } from '../../office/office-functions.js';
import { officeArgNames, resolveOfficeFunction, runOfficeSequence, validateOfficeArgs, type OfficeStep } from '../../office/office-runner.js';
import { OfficeSession } from '../../office/office-session.js';
import type { OpenDocument } from '../../office/office-function.js';
import { numberFlag, printResult, progress, runCommand } from '../output.js';

export interface OfficeFlags {
  actions?: string;
  file?: string;
  save: boolean;
  attach?: boolean;
  title?: string;
  pipe?: string;
  profile?: string;
  new?: boolean;
  list?: boolean;
  timeout?: string;
}

const APPS = ['word', 'excel', 'powerpoint'] as const;

/** docs/CONTRACT.md exit codes, as `lamb act`: 0 verified, 3 ran but not observed, 1 failed, 2 bad input. */
function exitCode(results: ActionResult[]): number {
  const failed = results.find((r) => r.verdict === 'failed');
  if (failed) return exitCodeFor(failed.error?.code ?? 'INTERNAL');
  return results.some((r) => r.verdict === 'unverified') ? 3 : 0;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LambError('INVALID_ARGUMENT', `${what} is not JSON (${(e as Error).message}): ${text.length > 200 ? text.slice(0, 200) + '…' : text}`);
  }
}

/** The steps from the command line: `<function> [args]` or --actions, never both. */
function stepsFrom(fn: string | undefined, args: string | undefined, flags: OfficeFlags): OfficeStep[] {
  if (flags.actions !== undefined) {
    if (fn !== undefined) throw new LambError('INVALID_ARGUMENT', 'office (lamb): give either <function> [args] or --actions, not both');
    const list = parseJson(flags.actions, '--actions');
    if (!Array.isArray(list) || list.length === 0) throw new LambError('INVALID_ARGUMENT', '--actions must be a non-empty JSON list of {"function": ..., "args": {...}}');
    return list as OfficeStep[];
  }
  if (fn === undefined) throw new LambError('INVALID_ARGUMENT', 'office (lamb): which function? give <function> [args] or --actions (lamb office <app> --list shows them)');
  return [{ function: fn, args: args === undefined ? {} : parseJson(args, 'the arguments') }];
}

/** `lamb office <app> ...`. Bad input is refused before any suite starts. */
export function officeCommand(appName: string, fn: string | undefined, args: string | undefined, flags: OfficeFlags): Promise<void> {
  return runCommand(
    async () => {
      const parsedApp = OfficeApp.safeParse(appName);
      if (!parsedApp.success) throw new LambError('INVALID_ARGUMENT', `office (lamb): the app must be one of ${APPS.join(', ')}, got "${appName}"`);
      const app = parsedApp.data;
      if (flags.list) {
        for (const spec of OFFICE_FUNCTIONS[app]) {
          printResult(JSON.stringify({ app, function: spec.name, mutates: spec.mutates, args: officeArgNames(spec) }));
        }
        return 0;
      }
      const modes = [flags.file !== undefined, flags.attach === true, flags.new === true].filter(Boolean).length;
      if (modes !== 1) {
        throw new LambError('INVALID_ARGUMENT', 'office (lamb): say which document with exactly one of --file PATH, --attach [--title T] or --new');
      }
      if (!flags.attach && (flags.title !== undefined || flags.pipe !== undefined || flags.profile !== undefined)) {
        throw new LambError('INVALID_ARGUMENT', 'office (lamb): --title, --pipe and --profile go with --attach');
      }
      const timeoutMs = numberFlag(flags.timeout)!;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new LambError('INVALID_ARGUMENT', `--timeout must be a positive number of ms, got ${flags.timeout}`);

      // Everything a model or script could get wrong, before LibreOffice starts.
      const steps = stepsFrom(fn, args, flags);
      const specs = steps.map((step, i) => {
        const where = steps.length > 1 ? `actions[${i}]: ` : '';
        try {
          if (typeof step !== 'object' || step === null) throw new LambError('INVALID_ARGUMENT', `expected {"function": ..., "args": {...}}, got ${JSON.stringify(step)}`);
          const spec = resolveOfficeFunction(app, step.function);
          validateOfficeArgs(spec, step.args);
          return spec;
        } catch (e) {
          if (e instanceof LambError) throw new LambError(e.code, where + e.message);
          throw e;
        }
      });
      const file = flags.file === undefined ? undefined : checkOfficeFile(app, flags.file);

      const session = await OfficeSession.start({ timeoutMs });
      try {
        let doc: OpenDocument;
        if (flags.attach) {
          progress(`attaching to ${app} document ${flags.title ? `"${flags.title}"` : '(the active one)'}`);
          doc = await session.attach(app, {
            ...(flags.title !== undefined ? { title: flags.title } : {}),
            ...(flags.pipe !== undefined ? { pipe: flags.pipe } : {}),
            ...(flags.profile !== undefined ? { profileDir: flags.profile } : {}),
          });
        } else {
          progress(`${session.suite === 'uno' ? 'starting LibreOffice (headless) and ' : ''}opening ${file ?? `a new ${app} document`}`);
          doc = await session.open(app, file === undefined ? {} : { file });
        }
        const results = await runOfficeSequence(doc, steps);
        for (const r of results) {
          progress(`${app} ${r.function} → ${r.verdict}${r.method ? ` via ${r.method}` : ''} in ${r.durationMs} ms${r.warning ? ` (${r.warning})` : ''}${r.error ? `: ${r.error.code}: ${r.error.message}` : ''}`);
          printResult(JSON.stringify(r));
        }
        const allRan = results.length === steps.length && results.every((r) => r.ok);
        if (file !== undefined) {
          if (!flags.save) progress('not saved (--no-save)');
          else if (!allRan) progress(`not saved: an action failed, ${file} is as it was`);
          else if (!specs.some((s) => s.mutates)) progress('not saved: nothing changed the document');
          else {
            await session.save(doc);
            progress(`saved ${file}`);
          }
        }
        if (!flags.attach) await session.close(doc);
        return exitCode(results);
      } finally {
        await session.dispose();
      }
    },
    { json: true },
  );
}
