"""`quotedesk review`: open the review desk (tui/)."""
