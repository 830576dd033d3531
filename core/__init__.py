"""quotedesk's library: detection, attribution, matching, storage and export.

Nothing here imports a UI toolkit, and importing the package loads no spaCy
pipeline: the CLI, the TUI and the tests all build on these functions.
"""

__version__ = "0.1.0"
