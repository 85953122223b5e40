"""Issue 19: the Spark SQL of `clientele sql --dialect spark` run by PySpark (local mode) gives every customer the
same fields as `clientele rfm` (= exportCustomers). Called by tests/warehouse/spark.sh with the binary's path."""
import csv
import io
import random
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql.types import DateType, DecimalType, StringType, StructField, StructType

binary = sys.argv[1]
root = Path(__file__).resolve().parents[2]

RUNS = [
    [],
    ["--method", "quantile", "--segment-map", "r-rfm-readme"],
    ["--method", "quantile", "--segment-map", "r-rfm-tests"],
    ["--bins", "4", "--segment-map", "pymc-5"],
    ["--bins", "3", "--method", "quantile"],
    ["--bins", "7", "--monetary", "mean"],
    ["--segment-map", "cn-8"],
    ["--segment-map", "cn-8", "--cn8-compare", "median", "--cn8-on", "raw"],
    ["--segment-map", "cn-8", "--method", "quantile", "--cn8-on", "raw"],
    ["--analysis-date", "2024-06-01", "--tiers", "0.1,0.2,0.7"],
]


def edge_cases(path):
    """Returns, zero amounts, blank and shared order ids, padded ids, a row without a customer (as the DuckDB test)."""
    rng = random.Random(19)
    lines = ["order_id,customer_id,order_date,amount,region"]
    for _ in range(400):
        customer = f"C{rng.randrange(60)}"
        padded = f" {customer} " if rng.randrange(10) == 0 else customer
        day = f"2024-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        kind = rng.randrange(12)
        amount = "0" if kind == 0 else f"-{rng.randrange(50)}.25" if kind == 1 else f"{rng.randrange(900)}.{rng.randrange(10000):04d}"
        order = "" if kind == 2 else "SHARED-1" if kind == 3 else f"O{rng.randrange(150)}"
        lines.append(f"{order},{padded},{day},{amount},R{rng.randrange(3)}")
    lines += [",,2024-05-05,10,R1", "O9,C7,2024-12-31,5,R1", "O9,C8,2024-12-31,-5,R1", "O1,C99,2024-12-31,0,R2"]
    path.write_text("\n".join(lines) + "\n")


def typed_table(spark, path, name):
    """The CSV as a table: dates DATE, money DECIMAL(18,4), the rest text (untrimmed; empty is NULL)."""
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    money = {"amount", "quantity", "unit_price"}
    kind = lambda h: DateType() if h == "order_date" else DecimalType(18, 4) if h in money else StringType()
    schema = StructType([StructField(h, kind(h), True) for h in header])
    reader = spark.read.option("header", True).option("dateFormat", "yyyy-MM-dd").option("mode", "FAILFAST")
    reader.schema(schema).csv(str(path)).createOrReplaceTempView(name)


def run(args):
    return subprocess.run([binary, *args], check=True, capture_output=True).stdout.decode("utf-8-sig")


COMPARE_RUNS = [
    ["--by", "region"],
    ["--by", "country", "--period", "90", "--top", "5"],
    ["--by", "channel", "--period", "365", "--vs", "year"],
]
METRICS = ["revenue", "orders", "customers", "units", "aov", "revenuePerCustomer", "share", "aovIndex", "revenuePerCustomerIndex"]


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def close(got, expected, where):
    """Counts and money equal; quotients within 1e-12 relative (analytics.md §18); empty is NULL."""
    if expected == "":
        assert got is None, where
        return
    assert got is not None, where
    e, g = float(expected), float(got)
    assert abs(g - e) <= 1e-12 * max(1.0, abs(e)), (where, g, e)


def check_compare(spark, path, table):
    """compareSql of `clientele sql --by …` against `clientele compare --by …`, group by group."""
    compared = 0
    for flags in COMPARE_RUNS:
        sql = run(["sql", str(path), "--dialect", "spark", "--table", table, *flags])
        expected = list(csv.reader(io.StringIO(run(["compare", str(path), *flags]))))
        header, expected = expected[0], expected[1:]
        got = [r.asDict() for r in spark.sql(sql).collect()]
        assert len(got) == len(expected) > 0, (flags, len(got), len(expected))
        for g, e in zip(got, expected):
            e = dict(zip(header, e))
            where = (flags, e[header[0]])
            assert g["key"] == e[header[0]].lstrip("'"), where
            assert Decimal(g["revenueExact"]) == Decimal(e["revenue"]), where
            for m in METRICS[1:]:
                close(g[m], e[snake(m)], (where, m))
            if "--period" in flags:
                assert Decimal(g["previousRevenueExact"]) == Decimal(e["previous_revenue"]), where
                for m in METRICS[1:]:
                    close(g["previous" + m[0].upper() + m[1:]], e["previous_" + snake(m)], (where, "previous", m))
                for m in METRICS:
                    close(g["change" + m[0].upper() + m[1:]], e["change_" + snake(m)], (where, "change", m))
        compared += len(got)
        print(f"spark: compare {table} {' '.join(flags)}: {len(got)} groups, all equal", flush=True)
    return compared


def main():
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("clientele-warehouse")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    tmp = Path(tempfile.mkdtemp())
    edge = tmp / "edge.csv"
    edge_cases(edge)
    files = [(root / "www/samples/orders.csv", "sample"), (edge, "edge")]
    compared = 0
    if "--compare-only" in sys.argv:
        typed_table(spark, files[0][0], "sample")
        groups = check_compare(spark, files[0][0], "sample")
        print(f"spark {spark.version}: {groups} compare groups compared, all equal")
        spark.stop()
        return
    for path, table in files:
        typed_table(spark, path, table)
        for flags in RUNS:
            if table == "edge" and "--analysis-date" in flags:
                flags = ["--analysis-date", "2024-10-01", "--tiers", "0.1,0.2,0.7"]
            sql = run(["sql", str(path), "--dialect", "spark", "--table", table, *flags])
            expected = list(csv.DictReader(io.StringIO(run(["rfm", str(path), *flags]))))
            got = [r.asDict() for r in spark.sql(sql).collect()]
            sys.stdout.flush()
            assert len(got) == len(expected) > 0, (table, flags, len(got), len(expected))
            for g, e in zip(got, expected):
                pairs = [
                    ("id", "customer_id"), ("recencyDays", "recency_days"), ("frequency", "frequency"),
                    ("tenureDays", "tenure_days"), ("r", "r"), ("f", "f"), ("m", "m"), ("segment", "segment"),
                    ("tier", "tier"), ("lifecycle", "lifecycle"),
                ]
                for mine, theirs in pairs:
                    value = e[theirs]
                    if theirs == "customer_id" and value.startswith("'"):
                        value = value[1:]
                    assert str(g[mine]) == value, (table, flags, e["customer_id"], mine, g[mine], value)
                assert Decimal(g["monetaryExact"]) == Decimal(e["monetary"]), (table, flags, g, e)
                assert str(g["monetaryExact"]).count(".") == 1 and len(str(g["monetaryExact"]).split(".")[1]) == 4
            compared += len(got)
            print(f"spark: {table} {' '.join(flags) or '(defaults)'}: {len(got)} customers, all fields equal", flush=True)
    groups = check_compare(spark, files[0][0], "sample")
    print(f"spark {spark.version}: {compared} customer rows and {groups} compare groups compared, all equal")
    spark.stop()


main()
