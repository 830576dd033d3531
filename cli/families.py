"""`quotedesk match` and `quotedesk families`: cross-outlet quote families."""
