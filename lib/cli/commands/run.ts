import type { Command } from 'commander';
import type { RunFlags } from '../handlers/run.js';

/** `lamb run`: the agent loop (lib/agent/agent-loop.ts) against an OpenAI-compatible chat endpoint. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('carry out a request with a model: observe, ask the model (UFO\'s LAM prompt), act and verify, until FINISH, FAIL or max steps')
    .argument('<request>', "what to do, e.g. 'Type hello into the search box'")
    .requiredOption('--model <url>', 'OpenAI-compatible API base URL, e.g. http://127.0.0.1:8000/v1 (key from LAMB_MODEL_KEY or OPENAI_API_KEY)')
    .option('--model-name <name>', 'the model field of each request (default: LAMB_MODEL_NAME, else "lam")')
    .option('--max-steps <n>', 'stop after this many steps', '10')
    .option('--trajectory <file>', 'write the JSON-lines trajectory here (lamb trajectory export converts it)')
    .option('--vision', 'send the annotated screenshot with each step (only for models that take images)')
    .option('--style <style>', 'prompt and control list style: ufo (newest: ids) or ufo-v1 (labels, the LAM\'s training format)', 'ufo')
    .option('--model-timeout <ms>', 'budget for one model call', '120000')
    .option('--app <name>', 'application name (case-insensitive; exact match preferred over substring)')
    .option('--pid <pid>', 'application process id')
    .option('--window <title>', 'substring of a top-level window title')
    .option('--no-verify', 'do not check the effect of each action')
    .option('--timeout <ms>', 'budget for each action', '2000')
    .option('--settle <ms>', 'how long an effect may take to show before the verdict is unverified', '500')
    // The implementation (the library, zod, the addon) loads only when the command runs, not for --help.
    .action(async (request: string, flags: RunFlags) => (await import('../handlers/run.js')).runCommandHandler(request, flags));
}
