// Unit tests of the range workers' count (parallel parsing, issue 20): www/ranges.js rangeWorkerCount.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rangeWorkerCount, PARALLEL_MIN_BYTES, PARALLEL_MAX_BYTES, MAX_RANGE_WORKERS } from "../../www/ranges.js";

test("files between the minimum and maximum size get hardwareConcurrency − 1 workers, at least 1, at most 8", () => {
  const size = PARALLEL_MIN_BYTES + 1;
  assert.equal(rangeWorkerCount(size, undefined, 2), 1);
  assert.equal(rangeWorkerCount(size, undefined, 4), 3);
  assert.equal(rangeWorkerCount(size, undefined, 64), MAX_RANGE_WORKERS);
  assert.equal(rangeWorkerCount(size, undefined, undefined), 1, "no hardwareConcurrency: taken as 2");
  assert.equal(rangeWorkerCount(PARALLEL_MAX_BYTES, null, 8), 7);
});

test("small files and files past the memory limit stay on one reader unless `workers` asks", () => {
  assert.equal(rangeWorkerCount(PARALLEL_MIN_BYTES - 1, undefined, 8), 1);
  assert.equal(rangeWorkerCount(PARALLEL_MAX_BYTES + 1, undefined, 8), 1);
  assert.equal(rangeWorkerCount(PARALLEL_MAX_BYTES + 1, 4, 8), 4);
  assert.equal(rangeWorkerCount(100, 2, 1), 2);
  assert.equal(rangeWorkerCount(100, 99, 1), MAX_RANGE_WORKERS);
});

test("a `workers` option that is not a number of at least 1 is a coded invalid_option", () => {
  for (const bad of [0, -1, "many", Number.NaN]) {
    assert.throws(() => rangeWorkerCount(100, bad, 4), (error) => error.code === "invalid_option" && error.details.option === "workers");
  }
});
