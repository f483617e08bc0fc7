"""Örat: Slack-bot för Malmö stads möte "Örat mot marken"."""
