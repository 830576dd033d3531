"""The review desk (Textual). Build it with ``tui.app.make_app``."""
