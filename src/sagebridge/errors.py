"""The two kinds of failure a person sees, and their exit codes.

A `UserError` is bad input or usage: one line naming the file and what to do, exit 2, no
traceback. A `ChecksFailed` means our checks or a pipeline ran and found problems: exit 1.
Anything else is a bug and keeps its traceback. `migrate` exits 3 when it wrote the project but
part of it needs a person's review (each item printed with file:line and what to do).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHECKS_FAILED = 1
EXIT_USER_ERROR = 2
EXIT_NEEDS_REVIEW = 3


class UserError(Exception):
    """Bad input: the message is one line that names the file and says what to do."""

    exit_code = EXIT_USER_ERROR


class ChecksFailed(Exception):
    """Validation found problems, or a pipeline run failed."""

    exit_code = EXIT_CHECKS_FAILED
