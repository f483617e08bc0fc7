"""Files people download or are sent: the statistics' charts and CSV, the lägesbild document, the
``.ics`` calendar and the record of processing (GDPR art. 30). Rendered from values the services and
the domain computed; nothing here reads the database or talks to Slack, except the art. 30 record's
row counts. matplotlib is imported only when a chart is drawn (``bot.files.charts``)."""
