"""catalogue app."""
