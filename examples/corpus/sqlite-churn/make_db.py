"""Write a seeded SQLite database data/customers.db: a customers table and a usage table."""

import os
import sqlite3

import numpy as np

rng = np.random.default_rng(17)
rows = 1000
os.makedirs("data", exist_ok=True)
if os.path.exists("data/customers.db"):
    os.remove("data/customers.db")
with sqlite3.connect("data/customers.db") as conn:
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, tenure INTEGER, plan TEXT, churned INTEGER)")
    conn.execute("CREATE TABLE usage (customer_id INTEGER, minutes REAL, tickets INTEGER)")
    for i in range(rows):
        tenure = int(rng.integers(1, 60))
        plan = str(rng.choice(["basic", "plus", "pro"]))
        minutes = float(rng.gamma(3.0, 100.0))
        tickets = int(rng.poisson(1.5))
        risk = -0.05 * tenure + 0.6 * tickets - 0.002 * minutes + (plan == "basic") + rng.normal(0, 1)
        conn.execute("INSERT INTO customers VALUES (?, ?, ?, ?)", (i, tenure, plan, int(risk > 0)))
        conn.execute("INSERT INTO usage VALUES (?, ?, ?)", (i, round(minutes, 1), tickets))
print("wrote data/customers.db")
