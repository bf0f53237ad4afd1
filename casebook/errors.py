"""One error type for bad input: it always names the file, the row and the field."""

from __future__ import annotations


class CasebookError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class InvalidRecord(CasebookError):
    """A record that breaks the corpus format: `path:line: field: what is wrong`."""

    def __init__(self, path, line, field, problem, hint=None):
        self.path, self.line, self.field, self.problem = str(path), line, field, problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {field}: {problem}", hint)
