from sklearn.datasets import fetch_20newsgroups, fetch_openml

HOME = "cache"
train = fetch_20newsgroups(subset="train", data_home=HOME)
titanic = fetch_openml("titanic", version=1, as_frame=True)
