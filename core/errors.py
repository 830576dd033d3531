"""Errors that the CLI and the TUI turn into one clear line, never a traceback."""


class QuotedeskError(Exception):
    """A problem the user can fix; its message names the file and what is wrong."""
