"""Mail: typed messages, Chinese templates, the outbox and SMTP delivery (issue 6)."""
