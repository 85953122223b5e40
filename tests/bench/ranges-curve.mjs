// Parallel parsing (issue 20): the scaling curve without other work in the way. In one Node thread, the file is
// read whole by the single Loader, then for N = 1, 2, 4, 8 ranges each range is read by its RangeLoader one after
// the other (each range's time is what its worker would take on a core of its own) and the partial tables merged
// by a PartsLoader. Projected load time on N idle cores = head + the slowest range + merge (the transfer of a
// partial is a move of its buffer). Not a test.
// Usage: node tests/bench/ranges-curve.mjs <path to a CSV> [runs]   (after ./build.sh)
import { openSync, readSync, closeSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import init, { Loader, PartsLoader, RangeLoader, planRanges, rangeHeadBytes, warmUp } from "../../www/pkg/clientele.js";

const path = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const size = statSync(path).size;
await init({ module_or_path: readFileSync(new URL("../../www/pkg/clientele_bg.wasm", import.meta.url)) });
warmUp();
const options = { fileName: "orders.csv" };
const slice = new Uint8Array(4 << 20);
const fd = openSync(path, "r");
const readInto = (reader, from, push) => {
  for (let at = from, n; (n = readSync(fd, slice, 0, slice.length, at)) > 0; at += n) if (push(slice.subarray(0, n))) break;
};
const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1];
const time = (f) => {
  const start = performance.now();
  const value = f();
  return [performance.now() - start, value];
};

const single = [];
for (let run = 0; run < runs; run++) {
  const [ms, dataset] = time(() => {
    const loader = new Loader({ ...options, totalBytes: size });
    readInto(loader, 0, (chunk) => void loader.push(chunk));
    return loader.finish();
  });
  dataset.free();
  single.push(ms);
}
console.log(`${path}: ${(size / 1e6).toFixed(0)} MB; load average ${loadavg()[0].toFixed(2)}; single Loader ${median(single).toFixed(0)} ms (median of ${runs})`);
const head = new Uint8Array(rangeHeadBytes(size));
readSync(fd, head, 0, head.length, 0);
for (const count of [1, 2, 4, 8]) {
  const rows = [];
  for (let run = 0; run < runs; run++) {
    const [headMs, bounds] = time(() => planRanges(head, size, count, options));
    const ranges = [];
    const parts = [];
    for (let i = 0; i < count; i++) {
      const [ms, part] = time(() => {
        const reader = new RangeLoader(head, size, bounds[i], bounds[i + 1], options, null);
        readInto(reader, reader.readFrom, (chunk) => reader.push(chunk));
        return reader.finish();
      });
      ranges.push(ms);
      parts.push(part);
    }
    const [mergeMs, dataset] = time(() => {
      const merger = new PartsLoader(head, size, options);
      for (const part of parts) if (merger.add(part)) throw new Error("a range to read again");
      return merger.finish();
    });
    dataset.free();
    rows.push({ headMs, ranges, mergeMs, partBytes: parts.reduce((s, p) => s + p.length, 0) });
  }
  const headMs = median(rows.map((r) => r.headMs));
  const slowest = median(rows.map((r) => Math.max(...r.ranges)));
  const sum = median(rows.map((r) => r.ranges.reduce((a, b) => a + b, 0)));
  const merge = median(rows.map((r) => r.mergeMs));
  const projected = headMs + slowest + merge;
  console.log(`${count} ranges: plan ${headMs.toFixed(0)} ms; ranges ${rows.at(-1).ranges.map((ms) => ms.toFixed(0)).join(" / ")} ms (sum ${sum.toFixed(0)}, slowest ${slowest.toFixed(0)}); merge ${merge.toFixed(0)} ms; partial tables ${(rows[0].partBytes / 1e6).toFixed(0)} MB; projected on ${count} idle cores ${projected.toFixed(0)} ms = ${(median(single) / projected).toFixed(2)}× the single Loader`);
}
closeSync(fd);
