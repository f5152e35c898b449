import hydra
import sagebridge_runtime


@hydra.main(version_base="1.3", config_path="conf", config_name="config")
def train(cfg):
    print(cfg.lr, cfg.model.depth)


if __name__ == "__main__":
    # SageMaker's --key value as Hydra's key=value
    sagebridge_runtime.hydra_argv(["lr", "model.depth"])
    train()
