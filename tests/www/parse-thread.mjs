// A Node worker thread that runs www/parse-worker.js as the page runs it in a Web Worker: `self` is the thread's
// port (postMessage out, onmessage in). Used by parallel.test.mjs.
import { parentPort } from "node:worker_threads";

globalThis.self = { postMessage: (message, transfer) => parentPort.postMessage(message, transfer) };
await import("../../www/parse-worker.js");
parentPort.on("message", (data) => self.onmessage({ data }));
