"""Every setting of the churn model in one place."""
DATA_PATH = "data/churn.csv"
MODEL_PATH = "models/churn_forest.joblib"
TARGET = "churned"

N_ESTIMATORS = 120
MAX_DEPTH = 8
MIN_SAMPLES_LEAF = 2
MAX_FEATURES = 0.6
CRITERION = "gini"
TEST_SIZE = 0.25
SEED = 42
