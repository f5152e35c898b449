import mlflow
import mlflow.sklearn
from sklearn.linear_model import ElasticNet
import sagebridge_runtime

if __name__ == "__main__":
    with mlflow.start_run():
        lr = ElasticNet(alpha=0.5)
        lr.fit(train_x, train_y)
        mlflow.log_metric("rmse", 0.5)
        mlflow.sklearn.log_model(lr, name="model", pip_requirements=["scikit-learn"])
        sagebridge_runtime.keep_model(lr, "model.joblib")
