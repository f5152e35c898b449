#!/usr/bin/env python
# coding: utf-8

# In[ ]:

import pandas as pd

get_ipython().run_line_magic('matplotlib', 'inline')
if True:
    # a magic inside a block keeps the block valid
    get_ipython().run_line_magic('config', "InlineBackend.figure_format = 'retina'")

df = pd.DataFrame({"a": [1, 2]})
print(df.a.sum())
