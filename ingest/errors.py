"""Errors a user sees when a file cannot be ingested; messages are German and say what to do."""


class IngestError(Exception):
    """A file cannot be ingested. The message is shown to the user as the reason it was skipped."""


class UnsupportedFormat(IngestError):
    """The content matches no known parser (whatever the file extension claims)."""


class EmptyDocument(IngestError):
    """The file was read but contains no text (e.g. a scanned PDF without a text layer)."""


class EncryptedDocument(IngestError):
    """The file is password protected."""


class CorruptDocument(IngestError):
    """The file is damaged or not what its format claims to be."""
