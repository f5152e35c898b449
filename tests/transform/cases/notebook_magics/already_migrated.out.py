#!/usr/bin/env python
# coding: utf-8

# In[ ]:

import pandas as pd

pass  # %matplotlib: an IPython magic, nothing to do outside a notebook
if True:
    # a magic inside a block keeps the block valid
    pass  # %config: an IPython magic, nothing to do outside a notebook

df = pd.DataFrame({"a": [1, 2]})
print(df.a.sum())
