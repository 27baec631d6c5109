#!/usr/bin/python3
"""Runs a program as if from a terminal: stdin and stderr on a new pseudo-terminal, stdout on fd 3.

    pty_run.py PROGRAM [ARGS...]

The caller (test/helpers/cli.ts, lambOnTerminal) spawns this with four pipes. What the program writes to the
terminal (its stderr: progress lines, prompts, readline's echo) is copied to our stdout; what the caller writes
to our stdin is typed on the terminal (write "\\r" for Enter, "\\x04" for Ctrl-D). The program's stdout is fd 3,
untouched, so its machine output stays separate, as with `lamb run ... > result.json` in a shell.

The program gets the terminal as its controlling terminal (a new session), so isatty(0) and isatty(2) hold and
the line discipline (echo, raw mode set by readline) is a real one. Exits with the program's exit code, or
128 + the signal that ended it.
"""
import os
import select
import signal
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 2:
        sys.stderr.write("usage: pty_run.py PROGRAM [ARGS...]\n")
        return 2
    os.fstat(3)  # fd 3 must be the caller's pipe for the program's stdout
    master, slave = os.openpty()

    def controlling_terminal() -> None:
        # Runs in the child after the new session: opening the slave's path makes it the controlling terminal.
        fd = os.open(os.ttyname(slave), os.O_RDWR)
        os.close(fd)

    child = subprocess.Popen(
        sys.argv[1:], stdin=slave, stdout=3, stderr=slave, start_new_session=True, preexec_fn=controlling_terminal
    )
    os.close(slave)
    # The program is in its own session, out of reach of a signal aimed at us: pass a stop on.
    signal.signal(signal.SIGTERM, lambda *_: (child.kill(), sys.exit(143)))
    out = sys.stdout.buffer
    inputs = [master, 0]
    while True:
        readable, _, _ = select.select(inputs, [], [])
        if master in readable:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every holder of the slave has closed it (the program ended)
                data = b""
            if not data:
                break
            out.write(data)
            out.flush()
        if 0 in readable:
            data = os.read(0, 65536)
            if data:
                os.write(master, data)
            else:
                inputs.remove(0)  # the caller closed our stdin: nothing more to type
    code = child.wait()
    os.close(master)
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
