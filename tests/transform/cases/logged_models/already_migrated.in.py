import mlflow
import mlflow.sklearn
from sklearn.linear_model import ElasticNet
import sagebridge_runtime

if __name__ == "__main__":
    with mlflow.start_run():
        lr = ElasticNet(alpha=0.5)
        lr.fit(train_x, train_y)
        mlflow.sklearn.log_model(lr, name="model")
        sagebridge_runtime.keep_model(lr, "model.joblib")
