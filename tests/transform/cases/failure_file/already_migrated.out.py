import sagebridge_runtime

def main():
    raise SystemExit(0)


if __name__ == "__main__":
    with sagebridge_runtime.failure_file():
        # run it
        main()
