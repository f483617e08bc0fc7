"""Pure Block Kit builders: plain values in, dicts out. No Slack calls, no database."""
