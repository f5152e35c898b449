from sklearn.datasets import fetch_covtype

import sagebridge_runtime

# already reads the cache Preprocess filled in the training channel
data = fetch_covtype(data_home=sagebridge_runtime.sklearn_data_home("SM_CHANNEL_TRAINING"))
