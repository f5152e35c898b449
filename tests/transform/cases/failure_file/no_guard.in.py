print("training at import time")
