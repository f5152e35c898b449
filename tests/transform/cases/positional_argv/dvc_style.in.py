import sys

import pandas as pd

params = {"seed": 1}

if len(sys.argv) != 3:
    sys.exit(1)

input = sys.argv[1]
output = sys.argv[2]
