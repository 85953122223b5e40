// campaigns() timed in WebAssembly under Node (issue 15: 1M order lines + 200,000 contacts, campaigns ≤ 150 ms).
//
//   ./build.sh && node tests/bench/campaigns-wasm.mjs [export.csv] [processes]
//
// The module is read from www/pkg (or CLIENTELE_PKG); the export defaults to the one the native benchmarks generate
// ($TMPDIR/clientele-bench-1m.csv). The campaign files are made here: 200,000 contacts of the export's customers
// (and prospects when it has fewer), every other one a control, with opened / clicked flags and a cost, in four
// campaigns (2024-03-01, 06-01, 09-01, 11-15), then in one (2024-09-01). rfm() runs first, as on the page, and each
// first campaigns() call comes right after the join. Prints the first call and the median and range of several
// more of each call, the conversion of the result to JS objects included.
//
// A process's very first campaigns() call happens once per process, so the whole run is repeated in `processes`
// (5) fresh Node processes, one after another, and the summary gives each first call's median and range over them
// (on a shared machine a single process can land in a slow minute: the repeats' median shows the machine's pace).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const csv = process.argv[2] ?? process.env.CLIENTELE_BENCH_CSV ?? join(tmpdir(), "clientele-bench-1m.csv");
const PROCESSES = Number(process.argv[3] ?? 5);
const CONTACTS = 200_000;
const RUNS = 7;

if (!process.env.CLIENTELE_BENCH_CHILD) {
  // The parent: one child process per run, then the summary of their first calls.
  const runs = [];
  for (let p = 0; p < PROCESSES; p++) {
    const output = execFileSync(process.execPath, [import.meta.filename, csv], {
      env: { ...process.env, CLIENTELE_BENCH_CHILD: "1" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = output.trim().split("\n");
    if (p === 0) console.log(lines.filter((line) => !line.startsWith("{")).join("\n"));
    runs.push(lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line)));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  console.log(`\nOver ${PROCESSES} processes (first call: median, min–max; repeats: median of each process's median):`);
  for (const [k, { name }] of runs[0].entries()) {
    const firsts = runs.map((run) => run[k].first);
    const repeats = runs.map((run) => run[k].median);
    console.log(
      `${name.padEnd(48)} first ${median(firsts).toFixed(1).padStart(6)} ms (${Math.min(...firsts).toFixed(1)}–${Math.max(...firsts).toFixed(1)}), ` +
        `repeats ${median(repeats).toFixed(1).padStart(5)} ms`,
    );
  }
  process.exit(0);
}

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });

/**
 * Times `campaigns(options)`: the first call (which computes the RFM states at the first contacts, unless the last
 * call had the same RFM options), then RUNS more (which reuse them, as when the page changes the window or a cost).
 */
function time(name, options) {
  const first = performance.now();
  let size = ds.campaigns(options).campaigns.length;
  const firstMs = performance.now() - first;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    size = ds.campaigns(options).campaigns.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, first: firstMs, median: times[RUNS >> 1] }));
  console.log(
    `${name.padEnd(44)} first ${firstMs.toFixed(1).padStart(7)} ms, then median ${times[RUNS >> 1].toFixed(1).padStart(7)} ms   ` +
      `(min ${times[0].toFixed(1)}, max ${times[RUNS - 1].toFixed(1)}; ${size} campaigns)`,
  );
}

/** The campaign file: CONTACTS contacts of the export's customers spread over `dates` (one campaign each). */
function campaignFile(dates) {
  const lines = ["customer_id,send_date,campaign,group,opened,clicked,cost"];
  for (let i = 0; i < CONTACTS; i++) {
    const id = i < ids.length ? ids[(i * 7919) % ids.length] : `P${i}`;
    const campaign = i % dates.length;
    lines.push(`${id},${dates[campaign]},Campaign ${campaign + 1},${i % 2 ? "control" : "treatment"},${i % 3 ? 1 : 0},${i % 7 ? 0 : 1},0.10`);
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

const bytes = readFileSync(csv);
const ds = Dataset.fromBytes(bytes, { fileName: "orders.csv" });
const { customers } = ds.rfm({});
const ids = customers.id;
for (const dates of [["2024-03-01", "2024-06-01", "2024-09-01", "2024-11-15"], ["2024-09-01"]]) {
  // The file is made before the clock starts (making it in JS took most of the time measured before).
  const file = campaignFile(dates);
  const start = performance.now();
  const report = ds.joinCampaigns(file, { fileName: "campaigns.csv" });
  console.log(`joinCampaigns: ${report.contacts} contacts in ${dates.length} campaigns in ${(performance.now() - start).toFixed(1)} ms; ${ids.length} scored customers`);
  // The per-class rows take the RFM state at each campaign's first contact: one state per distinct date.
  time(`campaigns, ${dates.length} dates, by segment (default)`, {});
  time(`campaigns, ${dates.length} dates, by tier, 14-day window`, { by: "tier", windowDays: 14 });
  time(`campaigns, ${dates.length} dates, by segment, other RFM bins`, { rfm: { bins: 4 } });
  time(`campaigns, ${dates.length} dates, no per-class rows`, { by: false });
}
ds.free();
