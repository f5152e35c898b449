def main():
    raise SystemExit(0)


if __name__ == "__main__":
    # run it
    main()
