import hydra


@hydra.main(version_base="1.3", config_path="conf", config_name="config")
def train(cfg):
    print(cfg.lr, cfg.model.depth)


if __name__ == "__main__":
    train()
