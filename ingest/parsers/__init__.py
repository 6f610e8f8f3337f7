"""Format parsers, registered with `ingest.parsers.base` when `ingest.parsers.formats` is
imported — on the first parse, not when a helper module of this package (dates, decoding) is
imported: commands that parse nothing do not load pypdf, python-docx and lxml."""
