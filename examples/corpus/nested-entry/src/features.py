"""Feature engineering shared by training and the batch scorer."""
import pandas as pd

PLANS = ["basic", "plus", "premium"]
NUMERIC = ["tenure", "monthly_charges", "total_charges", "support_calls"]


def build_features(df: pd.DataFrame) -> pd.DataFrame:
    out = df[NUMERIC].copy()
    out["charges_per_month"] = df["total_charges"] / (df["tenure"] + 1)
    out["calls_per_year"] = df["support_calls"] / ((df["tenure"] + 1) / 12)
    for plan in PLANS:
        out[f"plan_{plan}"] = (df["plan"] == plan).astype(int)
    return out


def split_target(df: pd.DataFrame, target: str = "churned"):
    return build_features(df.drop(columns=[target])), df[target]
