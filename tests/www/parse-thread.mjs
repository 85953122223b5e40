// A Node worker thread that runs www/parse-worker.js as the page runs it in a Web Worker: `self` is the thread's
// port (postMessage out, onmessage in). Used by parallel.test.mjs and tests/bench/stream-big.mjs. Node cannot post
// a file-backed Blob to a thread: `filePath` in a message is opened here as the `file` the worker reads.
import { parentPort } from "node:worker_threads";
import { openAsBlob } from "node:fs";

globalThis.self = { postMessage: (message, transfer) => parentPort.postMessage(message, transfer) };
await import("../../www/parse-worker.js");
parentPort.on("message", async (data) => {
  if (data.filePath) data.file = await openAsBlob(data.filePath);
  self.onmessage({ data });
});
