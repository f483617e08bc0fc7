"""Plain values the services return and the Block Kit builders read. Nothing here imports storage,
Slack or the services, so a builder (or a test of one) loads only these and the domain."""
