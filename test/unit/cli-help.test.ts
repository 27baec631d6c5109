/**
 * CLI polish, for every command commander knows (walked from lib/cli/program.ts's program, so a new command is
 * covered without editing this file): --help and -h print the command's usage on stdout and exit 0, with
 * nothing on stderr; bad usage (an unknown option, a group without its command, an unknown command) exits 2
 * with the stable `lamb: INVALID_ARGUMENT: ...` line on stderr and nothing on stdout. The program runs in this
 * process with its output and exit captured: neither help nor a usage error loads a command's implementation,
 * so no desktop, addon or build is needed. (The built binary's --help: test/e2e/cli.test.ts.)
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../lib/cli/program.js';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

async function lamb(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const program = createProgram({
    output: { writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) },
    exit: (code) => {
      throw new Exit(code);
    },
  });
  let code: number | null = null;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    code = error.code;
  }
  return { code, stdout, stderr };
}

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

const program = createProgram();
const paths = commandPaths(program);
const leaves = paths.filter((p) => {
  let c: Command = program;
  for (const name of p) c = c.commands.find((x) => x.name() === name)!;
  return c.commands.length === 0;
});
const groups = paths.filter((p) => !leaves.includes(p));

describe('lamb: --help everywhere, exit 2 with a code for bad usage', () => {
  it('walks every command, subcommands included', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining([
      'windows', 'apps', 'snapshot', 'act', 'demo', 'office', 'serve', 'run',
      'desktop', 'desktop start', 'desktop status', 'desktop stop', 'desktop run', 'trajectory', 'trajectory export',
    ]));
    expect(groups.map((p) => p.join(' ')).sort()).toEqual(['desktop', 'trajectory']);
  });

  for (const path of [[], ...paths]) {
    const name = ['lamb', ...path].join(' ');
    it(`${name} --help and -h: usage on stdout, exit 0`, async () => {
      for (const flag of ['--help', '-h']) {
        const r = await lamb([...path, flag]);
        expect(r.code, `${name} ${flag}`).toBe(0);
        expect(r.stderr, `${name} ${flag}`).toBe('');
        expect(r.stdout, `${name} ${flag}`).toMatch(new RegExp(`^Usage: ${name} `));
        // A description line after the usage line: the help says what the command is for.
        expect(r.stdout.split('\n')[2]?.trim(), `${name} ${flag}`).toMatch(/\w{3,}/);
      }
    });
  }

  for (const path of leaves) {
    const name = ['lamb', ...path].join(' ');
    it(`${name} --bogus-flag: exit 2, INVALID_ARGUMENT on stderr, stdout empty`, async () => {
      const r = await lamb([...path, '--bogus-flag']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      // (lamb run reports its missing --model first: commander checks required options before unknown ones.)
      expect(r.stderr).toMatch(/^lamb: INVALID_ARGUMENT: (unknown option '--bogus-flag'|required option '--model <url>' not specified)/);
      expect(r.stderr).toContain(`Usage: ${name} `); // the help follows the error
    });
  }

  for (const path of [[], ...groups]) {
    const name = ['lamb', ...path].join(' ');
    it(`${name} without a command: its help on stderr, exit 2 with INVALID_ARGUMENT`, async () => {
      const r = await lamb(path);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`Usage: ${name} `);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('lamb: INVALID_ARGUMENT: a command is needed: see the commands above');
    });
  }

  it('an unknown command, a missing argument or required option: exit 2 with INVALID_ARGUMENT', async () => {
    for (const [args, what] of [
      [['no-such-command'], "unknown command 'no-such-command'"],
      [['trajectory', 'export'], "missing required argument 'file'"],
      [['run', 'do it'], "required option '--model <url>' not specified"],
      [['act'], "missing required argument 'action'"],
    ] as const) {
      const r = await lamb([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^lamb: INVALID_ARGUMENT: ${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });

  it('--version prints the package version on stdout and exits 0', async () => {
    const r = await lamb(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
