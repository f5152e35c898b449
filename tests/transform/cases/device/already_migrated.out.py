import torch
import sagebridge_runtime

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def main():
    print(device)


if __name__ == "__main__":
    sagebridge_runtime.record_hosts()
    main()
