"""Try Örat without Slack: a local sandbox in the browser (``python -m bot sandbox``) and a
scripted week in the terminal (``python -m bot demo``)."""
