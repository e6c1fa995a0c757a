"""Transcript formats: each module turns one kind of raw transcript into Episode drafts."""
