"""Transcript formats: each module turns one kind of raw transcript into Episode drafts."""

# --format NAME -> what it reads; `page` is the page scrape of a show's web page.
FORMATS: dict[str, str] = {
    "page": "the plain text of a show's web page (`Episode N: Title` lines)",
    "vtt": "WebVTT captions",
    "srt": "SRT captions",
    "json": "JSON: Podcasting 2.0, AssemblyAI, Deepgram, AWS Transcribe, Rev, Sonix, segment lists",
    "text": "text with Speaker: and [00:01:02] turns in any order (Otter, Rev, Descript, Temi...)",
    "markdown": "Markdown with **Name:** turns, front matter and ## headings",
    "whisper": "Whisper output (JSON, or [00:00.000 --> 00:04.000] lines)",
    "html": "HTML transcripts (Podcasting 2.0 <cite>/<time>/<p>, speaker elements)",
    "xml": "Transcriber .trs and TTML captions",
    "csv": "CSV or tab-separated rows under a Speaker/Start/Text header",
    "feed": "a podcast's RSS feed (a file or an https:// address): every item an episode",
}
