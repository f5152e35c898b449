from sklearn.datasets import fetch_20newsgroups, fetch_openml
import sagebridge_runtime

HOME = "cache"
train = fetch_20newsgroups(subset="train", data_home=sagebridge_runtime.sklearn_data_home('SM_CHANNEL_TRAINING', HOME))
titanic = fetch_openml("titanic", version=1, as_frame=True, data_home=sagebridge_runtime.sklearn_data_home('SM_CHANNEL_TRAINING'))
