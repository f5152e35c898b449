"""Run a script as it is, with its http(s) reads served from the stand-ins in data/.

train.py reads its CSV from a URL this machine cannot reach. Here urllib's urlopen (what pandas
uses for a URL) opens data/<the URL's file name> instead. Usage: python run_offline.py train.py
[args...]
"""

import os
import runpy
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
_urlopen = urllib.request.urlopen


def stand_in(url, *args, **kwargs):
    address = getattr(url, "full_url", url)
    parsed = urllib.parse.urlsplit(address)
    if parsed.scheme in ("http", "https"):
        local = os.path.join(HERE, "data", os.path.basename(parsed.path))
        return _urlopen("file://" + urllib.request.pathname2url(local))
    return _urlopen(url, *args, **kwargs)


urllib.request.urlopen = stand_in
script, sys.argv = sys.argv[1], sys.argv[1:]
runpy.run_path(script, run_name="__main__")
