"""Transcript formats: each module turns one kind of raw transcript into Episode drafts."""

# --format NAME -> what it reads; `page` is the page scrape of a show's web page.
FORMATS: dict[str, str] = {
    "page": "the plain text of a show's web page (`Episode N: Title` lines)",
    "vtt": "WebVTT captions",
    "srt": "SRT captions",
    "json": "Podcasting 2.0 JSON transcript",
    "text": "timestamped text ([00:01:02] Speaker: text, and the like)",
    "markdown": "Markdown with **Name:** turns, front matter and ## headings",
    "whisper": "Whisper output (JSON, [00:00.000 --> 00:04.000] lines, or plain lines)",
}
