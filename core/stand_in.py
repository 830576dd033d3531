"""What quotedesk's faster stand-ins for pipeline components share.

A stand-in (``core.attribute_rules``, ``core.lemma_table``) takes the place
and the name of one of the model's own components and gives documents the
same attributes, faster. Everything else a pipeline asks of a component
(serialising, scoring, its tables, adding patterns) is the original's, so
the stand-in holds it and hands every other attribute on to it.
"""

from __future__ import annotations


class StandIn:
    """The model's component ``inner``, with ``__call__`` done faster by a subclass."""

    def __init__(self, inner=None):
        self.inner = inner

    def take(self, inner):
        """Stand in for ``inner`` (``nlp.replace_pipe`` builds the stand-in empty)."""
        self.inner = inner
        return self

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def __getattr__(self, name):
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)
