// Main-thread side of the worker protocol: request ids, promises, progress callbacks, restart after a fatal trap.
import { MessageType, makeError } from "./protocol.js";

export class AnalysisClient {
  #worker = null;
  #workerReady = false; // set once the worker has initialised the wasm module
  #unavailable = null; // the error, when the engine cannot start at all (restarting would only loop)
  #nextId = 1;
  #pending = new Map(); // id → { resolve, reject, onProgress }
  #onFatal;

  /** `onFatal(error)` is called when the engine crashed (the worker is then restarted) or could not start at all. */
  constructor({ onFatal = () => {} } = {}) {
    this.#onFatal = onFatal;
    this.#start();
  }

  /** Loads a file (`{ file }`) or a same-origin URL (`{ url }`); resolves to the LoadReport. */
  load(source, options = {}, onProgress = () => {}) {
    return this.#request(MessageType.LOAD, { source, options }, onProgress);
  }

  /** Runs the RFM analysis on the loaded data; resolves to the RfmResult. */
  rfm(options = {}) {
    return this.#request(MessageType.RFM, options);
  }

  #start() {
    this.#workerReady = false;
    this.#worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.#worker.onmessage = (event) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#crash(event.message || "The analysis engine could not be started.");
    };
  }

  #request(type, data, onProgress = () => {}) {
    const id = this.#nextId++;
    if (this.#unavailable) return Promise.reject(this.#unavailable);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, type, data });
    });
  }

  #receive({ id, type, data }) {
    if (type === MessageType.READY) return void (this.#workerReady = true);
    if (type === MessageType.FATAL) return this.#crash(data.message);
    const call = this.#pending.get(id);
    if (!call) return;
    if (type === MessageType.PROGRESS) return call.onProgress(data);
    this.#pending.delete(id);
    if (type === MessageType.OK) call.resolve(data);
    else call.reject(data);
  }

  /** The instance is poisoned: fail every pending call, and replace the worker with a fresh one (if it ever started). */
  #crash(message) {
    const restarted = this.#workerReady;
    const error = makeError(restarted ? "engine_crashed" : "engine_unavailable", message, { restarted });
    this.#worker.terminate();
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
    if (restarted) this.#start();
    else this.#unavailable = error;
    this.#onFatal(error);
  }
}
