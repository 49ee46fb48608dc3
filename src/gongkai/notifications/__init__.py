"""notifications app: each staff member's notices (deadline reminders, digests, changes)."""
