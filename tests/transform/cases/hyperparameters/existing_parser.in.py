import argparse


def parse_args():
    parser = argparse.ArgumentParser(description="digits")
    parser.add_argument("--n-estimators", type=int, default=200)
    parser.add_argument("--balanced", action="store_true", help="class weights")
    parser.add_argument("--bootstrap", type=bool, default=True)
    parser.add_argument("--quiet", action="store_false")
    # comments stay
    return parser.parse_args()


if __name__ == "__main__":
    print(parse_args())
