from pathlib import Path

HERE = Path(__file__).resolve().parent
config = {
    "data_file": str(HERE / "data" / "vectors.csv"),
}
