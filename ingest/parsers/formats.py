"""Every format parser. Importing this module registers each one with `ingest.parsers.base`.

Order matters: the first parser whose `sniff` accepts the content wins, so the specific formats
come first (ZIP containers say what they are, see `container.container_kind`; Outlook mail is an
OLE2 file; PDF and images (PNG, JPEG, TIFF) have their signatures, GII law XML is XML with
`<dokumente>` and would otherwise pass for generic markup, RTF starts with `{\\rtf`) and HTML
after them; e-mail (RFC 822 headers) never starts with `<`. Markdown and plain text never sniff;
they are chosen by extension, Markdown before plain text.
"""

# isort: off
from ingest.parsers import docx as _docx  # noqa: F401
from ingest.parsers import odf as _odf  # noqa: F401
from ingest.parsers import pptx as _pptx  # noqa: F401
from ingest.parsers import xlsx as _xlsx  # noqa: F401
from ingest.parsers import ole as _ole  # noqa: F401
from ingest.parsers import pdf as _pdf  # noqa: F401
from ingest.parsers import image as _image  # noqa: F401
from ingest.parsers import gii_xml as _gii_xml  # noqa: F401
from ingest.parsers import rtf as _rtf  # noqa: F401
from ingest.parsers import html as _html  # noqa: F401
from ingest.parsers import eml as _eml  # noqa: F401
from ingest.parsers import markdown as _markdown  # noqa: F401
from ingest.parsers import text as _text  # noqa: F401
# isort: on

# the order of trying (see above)
ORDER = ("docx", "odf", "pptx", "xlsx", "msg", "pdf", "image", "gii-xml", "rtf", "html", "eml", "markdown", "text")
