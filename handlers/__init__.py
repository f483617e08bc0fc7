"""The Slack surface: thin listeners that ack, parse, call a service and build Block Kit."""
