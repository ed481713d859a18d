"""Feed EC2's XML to the parser in small chunks, so a background parse never holds the GIL for long.

botocore hands a whole response to expat in one call: for a page of 1,000
instances (3 MB) that C call holds the interpreter lock for 0.2 s, and the
shell's keystrokes wait for it.  :func:`install` gives one client (the cache
refresher's) a parser that feeds the same bytes in 16 KiB pieces: the lock
can pass to the prompt between two pieces, and the tree built is the same
(a test compares both parsers on captured responses).  It touches a private
botocore method, guarded: if botocore's layout changes, the client keeps its
own parser.
"""

from __future__ import annotations

from typing import Any

CHUNK = 16 * 1024


def install(client: Any) -> bool:
    """Give ``client``'s response parser the chunked XML feed; False when botocore's layout is unknown."""
    try:
        parser = client._response_parser
        whole = parser._parse_xml_string_to_dom
        encoding = parser.DEFAULT_ENCODING
    except AttributeError:
        return False
    from xml.etree import ElementTree

    from botocore.parsers import ResponseParserError

    def parse(xml_string: bytes) -> Any:
        if len(xml_string) <= CHUNK:
            return whole(xml_string)
        try:
            feeder = ElementTree.XMLParser(target=ElementTree.TreeBuilder(), encoding=encoding)
            for start in range(0, len(xml_string), CHUNK):
                feeder.feed(xml_string[start:start + CHUNK])
            return feeder.close()
        except ElementTree.ParseError as exc:
            raise ResponseParserError(f"Unable to parse response ({exc}), invalid XML received. "
                                      "Further retries may succeed") from None

    parser._parse_xml_string_to_dom = parse
    return True
