"""applications app."""
