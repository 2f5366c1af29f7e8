"""Mail to participants: what to send (kinds), how it reads (compose, invite), the queue
kept in the database (outbox), how it leaves (transport) and who sends it (worker)."""
