"""The core's typed errors: one root, one branch for bad input, one for bad rules data.

The GUI and the CLI each have one place that turns these into words for a person;
nothing else in the app catches exceptions to show them.
"""

from __future__ import annotations


class CoreError(Exception):
    """Root of every error the core raises on purpose."""


class InputError(CoreError):
    """A request the core cannot answer as asked: unknown id, wrong quantity, missing field.

    The message is one line, written for the clinician who made the request.
    """


class RulesError(CoreError):
    """A rules file that is missing, unreadable or inconsistent.

    The message names the file and, where there is one, the entry.
    """

    def __init__(self, file: str, entry: str | None, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.problem = problem
        where = f"{file}, entry {entry}" if entry else file
        super().__init__(f"rules file {where}: {problem}")
