"""Parse in pieces on background threads, so the shell's prompt never waits long for the interpreter lock.

botocore hands a whole response to expat in one call: for a page of 1,000
instances (3 MB) that C call holds the interpreter lock for 0.2 s, and the
shell's keystrokes wait for it.  :func:`install` gives one client (the cache
refresher's) a parser that feeds the same bytes in 16 KiB pieces: the lock
can pass to the prompt between two pieces, and the tree built is the same
(a test compares both parsers on captured responses).  Likewise botocore
reads its EC2 model (a 2 MB JSON file) with the C decoder calling back into
Python for every object, 0.1 s in one call: :class:`SharingJSONLoader` decodes
the model files with the pure-Python scanner when a background thread loads
them (the main thread keeps the fast path).  Both touch private botocore
methods, guarded: if botocore's layout changes, its own code runs.
"""

from __future__ import annotations

import json
import json.scanner
import os
import threading
from collections import OrderedDict
from typing import Any

from botocore.loaders import JSONFileLoader

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


class SharingJSONLoader(JSONFileLoader):  # type: ignore[misc]
    """botocore's model file loader; off the main thread it decodes with Python's own (interruptible) scanner."""

    def _load_file(self, full_path: str, open_method: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            return super()._load_file(full_path, open_method)
        if not os.path.isfile(full_path):
            return None
        with open_method(full_path, "rb") as fp:
            payload = fp.read().decode("utf-8")
        decoder = json.JSONDecoder(object_pairs_hook=OrderedDict)
        decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
        return decoder.decode(payload)


def share_loader(loader: Any) -> None:
    """Give a botocore ``Loader`` the :class:`SharingJSONLoader` (left alone if its layout is unknown)."""
    if isinstance(getattr(loader, "file_loader", None), JSONFileLoader) and hasattr(JSONFileLoader, "_load_file"):
        loader.file_loader = SharingJSONLoader()
