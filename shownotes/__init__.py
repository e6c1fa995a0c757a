"""shownotes: turn podcast transcripts into a fast, readable, linkable static site."""
