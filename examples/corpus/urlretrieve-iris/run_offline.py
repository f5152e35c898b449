"""Run a script as it is, with its http(s) downloads served from the stand-ins in standin/.

train.py downloads its CSV with urllib.request.urlretrieve from a URL this machine cannot reach.
Here urlretrieve copies standin/<the URL's file name> instead. Usage: python run_offline.py
train.py [args...]
"""

import os
import runpy
import shutil
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
_urlretrieve = urllib.request.urlretrieve


def stand_in(url, filename=None, *args, **kwargs):
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme in ("http", "https") and filename is not None:
        shutil.copyfile(os.path.join(HERE, "standin", os.path.basename(parsed.path)), filename)
        return filename, None
    return _urlretrieve(url, filename, *args, **kwargs)


urllib.request.urlretrieve = stand_in
script, sys.argv = sys.argv[1], sys.argv[1:]
runpy.run_path(script, run_name="__main__")
