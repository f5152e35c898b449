"""A step's script as a subprocess: its output streams to the step's log as it comes, the
runner keeps only a bounded tail of it, and an interrupt stops the whole process group.

    returncode, tail = run_process(command, cwd, env, log_path, emit)
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections import deque
from collections.abc import Callable, Mapping
from pathlib import Path

# Called with each line a step's process prints (the runner shows it live).
LineSink = Callable[[str], None]

TAIL_LINES = 200  # what the runner keeps of a step's output (the log file has all of it)
TAIL_CHARS = 64 * 1024
LINE_CHUNK = 64 * 1024  # a longer line arrives in pieces of this size: no line is held whole
STOP_GRACE_S = 5.0  # after SIGTERM, before SIGKILL


class LogTail:
    """The last lines a step printed, bounded in count and in size."""

    def __init__(self, max_lines: int = TAIL_LINES, max_chars: int = TAIL_CHARS) -> None:
        self.max_lines = max_lines
        self.max_chars = max_chars
        self.lines: deque[str] = deque()
        self.chars = 0

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.chars += len(line)
        while len(self.lines) > self.max_lines or (
            self.chars > self.max_chars and len(self.lines) > 1
        ):
            self.chars -= len(self.lines.popleft())

    def text(self) -> str:
        return "".join(self.lines)


def run_process(
    command: list[str], cwd: Path, env: Mapping[str, str], log_path: Path, emit: LineSink
) -> tuple[int, str]:
    """Run `command`, streaming its merged stdout/stderr to `log_path` and `emit` line by line;
    -> (returncode, the last lines it printed).

    The process leads its own process group, so that an interrupt (Ctrl-C, or SIGINT/SIGTERM
    sent to sagebridge) stops it and everything it started before KeyboardInterrupt goes on.
    """
    tail = LogTail()
    with open(log_path, "a", encoding="utf-8", buffering=1) as log:  # line-buffered: tail -f works
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            bufsize=1,
            start_new_session=True,
        )
        assert process.stdout is not None
        try:
            while line := process.stdout.readline(LINE_CHUNK):
                log.write(line)
                tail.add(line)
                emit(line.rstrip("\n"))
            returncode = process.wait()
        except BaseException:
            stop_group(process)
            raise
        finally:
            process.stdout.close()
    return returncode, tail.text()


def stop_group(process: subprocess.Popen[str]) -> None:
    """SIGTERM the process's group, then SIGKILL whatever is left after a grace period."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return  # the group is gone
        try:
            process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            continue
        if sent == signal.SIGTERM:
            try:  # the leader is gone; anything it started in its group goes now
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return
