"""The unoserver converter back-end (POLITIDOK_CONVERTER=unoserver:HOST:PORT,…) against real instances.

Two local unoserver instances on 127.0.0.1 (each a LibreOffice of its own) convert a region's
documents; the result must pass `politidok verify` and read exactly like the embedded build's.
unoserver's server side needs a Python with LibreOffice's `uno`: a venv of /usr/bin/python3 with
the system site-packages and `pip install unoserver` (`make unoserver`, kept in the user cache).
"""

from __future__ import annotations

import pytest

from politidok.convert.unoserver_backend import endpoints, filter_options
from politidok.core.errors import ToolError


def test_endpoints_and_options_of_the_setting():
    assert endpoints("unoserver:127.0.0.1:2003, lo.kommune.no:80") == [("127.0.0.1", 2003), ("lo.kommune.no", 80)]
    assert endpoints("unoserver:[::1]:2003") == [("::1", 2003)]
    for bad in ("gotenberg:http://x", "unoserver:vert", "unoserver:vert:port"):
        with pytest.raises(ToolError, match="POLITIDOK_CONVERTER"):
            endpoints(bad)
    assert "SelectPdfVersion=2" in filter_options() and "UseTaggedPDF=true" in filter_options()
