"""Names every OOXML reader and writer shares: namespaces, content types, escaping."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_TAG = "{" + W + "}"  # the prefix of WordprocessingML tag names in ElementTree and lxml
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"  # also where relationship types start
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"  # where WordprocessingML content types start
FOOTER_TYPE = f"{WML}.footer+xml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xml_escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute (xml.sax.saxutils drags in urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
