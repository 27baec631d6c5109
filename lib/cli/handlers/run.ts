import { createInterface } from 'node:readline/promises';
import { runAgent } from '../../agent/agent-loop.js';
import { ModelClient, modelKeyFromEnv } from '../../agent/model-client.js';
import { TrajectoryFile } from '../../agent/trajectory.js';
import { Desktop } from '../../desktop/desktop.js';
import { LambError } from '../../model/index.js';
import { numberFlag, printResult, progress, runCommand } from '../output.js';

export interface RunFlags {
  model: string;
  modelName?: string;
  maxSteps: string;
  trajectory?: string;
  vision?: boolean;
  style: string;
  modelTimeout: string;
  app?: string;
  pid?: string;
  window?: string;
  verify: boolean;
  timeout: string;
  settle: string;
}

function positiveInt(flag: string, value: string, max: number): number {
  const n = numberFlag(value)!;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new LambError('INVALID_ARGUMENT', `run (lamb): ${flag} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * Keys typed while the run went on (a `y` meant for something else, an Enter) sit in the terminal's buffer and
 * would be read as the answer to a question nobody has seen yet: read and drop them before asking. Raw mode
 * hands over a line not yet ended by Enter too; 50 ms is ample for the kernel to deliver what is buffered.
 */
async function discardTypeAhead(stdin: NodeJS.ReadStream): Promise<void> {
  const drop = (): void => undefined;
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.on('data', drop);
  stdin.resume();
  await new Promise((resolve) => setTimeout(resolve, 50));
  stdin.off('data', drop);
  stdin.pause();
  stdin.setRawMode(wasRaw);
}

/**
 * CONFIRM asks on the terminal, and only there: with stdin not a TTY (a pipe, a CI job, a server) nobody can
 * answer, so there is no confirm function and the loop refuses the step. Only y or yes is a yes; anything
 * else, an empty line (the N default), Ctrl-D and Ctrl-C is a no.
 */
function terminalConfirm(): ((question: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    await discardTypeAhead(process.stdin);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`lamb: ${question} Run it? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } catch (error) {
      // Ctrl-D or Ctrl-C at the question: readline rejects it with an AbortError ('Aborted with Ctrl+D').
      // No answer is not a yes; the step is refused like a no, and the run ends as refused, not as an error.
      if ((error as Error)?.name !== 'AbortError') throw error;
      process.stderr.write(`\nlamb: no answer (${(error as Error).message.replace(/^Aborted with /, '')}): taken as no\n`);
      return false;
    } finally {
      rl.close();
    }
  };
}

/** `lamb run`: exit 0 when the model finished, 1 when it failed, gave up, ran out of steps or was refused, 2 bad input. */
export function runCommandHandler(request: string, flags: RunFlags): Promise<void> {
  return runCommand(async () => {
    if (request.trim() === '') throw new LambError('INVALID_ARGUMENT', 'run (lamb): the request is empty');
    const maxSteps = positiveInt('--max-steps', flags.maxSteps, 1000);
    const modelTimeout = positiveInt('--model-timeout', flags.modelTimeout, 3_600_000);
    if (flags.style !== 'ufo' && flags.style !== 'ufo-v1')
      throw new LambError('INVALID_ARGUMENT', `run (lamb): --style must be ufo or ufo-v1, got ${JSON.stringify(flags.style)}`);
    const targets = [flags.app, flags.pid, flags.window].filter((t) => t !== undefined);
    if (targets.length > 1) throw new LambError('INVALID_ARGUMENT', 'run (lamb): give at most one of --app, --pid, --window');
    const target = {
      ...(flags.app === undefined ? {} : { app: flags.app }),
      ...(flags.pid === undefined ? {} : { pid: positiveInt('--pid', flags.pid, 2 ** 31 - 1) }),
      ...(flags.window === undefined ? {} : { window: flags.window }),
    };
    const name = flags.modelName ?? (process.env.LAMB_MODEL_NAME || 'lam');
    const key = modelKeyFromEnv();
    const model = new ModelClient({ baseUrl: flags.model, model: name, timeoutMs: modelTimeout, ...(key ? { apiKey: key } : {}) });
    const trajectory = flags.trajectory ? new TrajectoryFile(flags.trajectory) : undefined;
    const desk = await Desktop.open();
    const confirm = terminalConfirm();
    progress(`run: ${JSON.stringify(request)} with ${name} at ${model.url}${flags.vision ? ' (vision)' : ''}, at most ${maxSteps} steps`);
    try {
      const result = await runAgent({
        request,
        desktop: desk,
        model,
        modelInfo: { url: model.url, name },
        target,
        maxSteps,
        vision: flags.vision ?? false,
        style: flags.style,
        ...(confirm ? { confirm } : {}),
        ...(trajectory ? { trajectory } : {}),
        progress,
        act: { verify: flags.verify, timeoutMs: numberFlag(flags.timeout)!, settleMs: numberFlag(flags.settle)! },
      });
      printResult(JSON.stringify({ ...result, ...(flags.trajectory ? { trajectory: flags.trajectory } : {}) }));
      return result.outcome === 'finished' ? 0 : 1;
    } finally {
      await desk.close();
    }
  }, { json: true });
}
