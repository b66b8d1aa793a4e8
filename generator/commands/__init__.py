"""One module per verb of the `respack` command."""
