// Range worker (parallel parsing, issue 20): reads one byte range of an orders File into a partial table and
// transfers its bytes back to the worker that merges (worker.js, through ranges.js). One job per worker: it is
// terminated afterwards, and on cancel.
import { readRange } from "./ranges.js";

// split (issue 17.13): the coordinator says which module it runs (the first-load module or the full one); a range
// worker imports the same glue, so its partial tables are that module's.
const DEFAULT_MODULE = new URL("./pkg/clientele.js", import.meta.url).href;
let clientele = null;
let initialised = null;

self.onmessage = async ({ data }) => {
  const { file, head, start, end, options, seed, trap, wasm, moduleUrl } = data;
  const started = performance.now();
  try {
    // `wasm`: a compiled module or its bytes, given where the module cannot be fetched (the Node test).
    initialised ??= import(moduleUrl ?? DEFAULT_MODULE).then((module) => {
      clientele = module;
      return module.default(wasm ? { module_or_path: wasm } : undefined);
    });
    await initialised;
    const ready = performance.now();
    // Tests only (tests/e2e/parallel.test.mjs): a real trap in this worker, as a bug of the module would be.
    if (trap) clientele.testPanic("test trap in a range worker");
    const progress = (bytesDone) => self.postMessage({ type: "progress", bytesDone });
    const part = await readRange(clientele, file, head, start, end, options, seed, () => null, progress);
    const timings = { start: ready - started, read: performance.now() - ready, bytes: part.length };
    self.postMessage({ type: "part", part, timings }, [part.buffer]);
  } catch (thrown) {
    const trapped = thrown instanceof WebAssembly.RuntimeError || !(thrown && typeof thrown.code === "string");
    let panic = null;
    try {
      panic = clientele?.lastPanic?.() ?? null;
    } catch {}
    const message = `${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown?.message ?? thrown)}${panic ? `: ${panic}` : ""}`;
    self.postMessage({ type: "error", trapped, message, error: trapped ? null : thrown });
  }
};
