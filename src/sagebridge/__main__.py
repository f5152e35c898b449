from sagebridge.cli import main

main()
