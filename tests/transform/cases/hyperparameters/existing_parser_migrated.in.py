import argparse
import sagebridge_runtime


def parse_args():
    parser = argparse.ArgumentParser(description="digits")
    parser.add_argument("--n-estimators", type=int, default=200)
    parser.add_argument(
        "--balanced",
        type=sagebridge_runtime.str2bool,
        nargs="?",
        const=True,
        default=False,
        help="class weights",
    )
    parser.add_argument("--bootstrap", type=sagebridge_runtime.str2bool, default=True)
    parser.add_argument(
        "--quiet",
        type=sagebridge_runtime.str2bool,
        nargs="?",
        const=False,
        default=True,
    )
    # comments stay
    return parser.parse_known_args()[0]


if __name__ == "__main__":
    print(parse_args())
