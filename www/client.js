// Main-thread side of the worker protocol: request ids, promises, progress, cancelling, restart after a fatal trap.
import { MessageType, makeError } from "./protocol.js";

/** How long a cancelled load may take to stop by itself before the worker is replaced (its data is then lost). */
const CANCEL_GRACE_MS = 4000;

export class AnalysisClient {
  #worker = null;
  #workerReady = false; // set once the worker has initialised the wasm module
  #engine = null; // { catalog, analyses } from the worker's READY
  #readyWaiters = [];
  #unavailable = null; // the error, when the engine cannot start at all (restarting would only loop)
  #nextId = 1;
  #pending = new Map(); // id → { resolve, reject, onProgress }
  #onFatal;
  #onUpgrade; // split (issue 17.13)

  /**
   * `onFatal(error)` is called when the engine crashed (the worker is then restarted, without data) or could not
   * start at all; `error.code` is `engine_crashed` or `engine_unavailable`. `onUpgrade({ bytesDone, bytesTotal })`
   * while the worker reads the loaded files again into the full module (a request needed it), then `onUpgrade(null)`.
   */
  constructor({ onFatal = () => {}, onUpgrade = () => {} } = {}) {
    this.#onFatal = onFatal;
    this.#onUpgrade = onUpgrade;
    this.#start();
  }

  /**
   * Resolves once the engine is running to `{ catalog, analyses }`: the module's catalog() (defaults, presets,
   * codes, roles) and the names of the analyses this build can run.
   */
  ready() {
    if (this.#workerReady) return Promise.resolve(this.#engine);
    if (this.#unavailable) return Promise.reject(this.#unavailable);
    return new Promise((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  /**
   * Loads a file of `kind` ("orders", "customers" or "campaigns"): a File (`{ file }`), a same-origin URL
   * (`{ url }`) or a ReadableStream of bytes (`{ stream, name, size }`, transferred to the worker, so it can be read
   * once) with LoadOptions. Returns `{ id, promise }`: the promise resolves to the LoadReport (orders) or the join
   * report; `id` is what `cancel` takes.
   */
  load(kind, source, options = {}, onProgress = () => {}) {
    return this.#request(MessageType.LOAD, { kind, source, options }, onProgress, source.stream ? [source.stream] : []);
  }

  /** Runs the analysis `name` (rfm, compare, exportCustomers, …) on the loaded data; resolves to its result. */
  analyze(name, options = {}) {
    return this.#request(MessageType.ANALYZE, { name, options }).promise;
  }

  /** Stops a load between two slices; the previous data stays loaded. The load's promise rejects with `cancelled`. */
  cancel(id) {
    if (!this.#pending.has(id)) return;
    this.#worker.postMessage({ type: MessageType.CANCEL, data: { id } });
    setTimeout(() => {
      // Still busy (e.g. inside one long call): replace the worker. Everything loaded is lost with it.
      if (this.#pending.has(id)) this.#restart(makeError("cancelled", "Loading was cancelled.", { dataLost: true }));
    }, CANCEL_GRACE_MS);
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

  #request(type, data, onProgress = () => {}, transfer = []) {
    const id = this.#nextId++;
    if (this.#unavailable) return { id, promise: Promise.reject(this.#unavailable) };
    const promise = new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, type, data }, transfer);
    });
    return { id, promise };
  }

  #receive({ id, type, data }) {
    if (type === MessageType.READY) {
      this.#workerReady = true;
      this.#engine = { catalog: data.catalog, analyses: data.analyses ?? [] };
      for (const waiter of this.#readyWaiters.splice(0)) waiter.resolve(this.#engine);
      return;
    }
    if (type === MessageType.FATAL) return this.#crash(data.message);
    const call = this.#pending.get(id);
    if (!call) return;
    // split (issue 17.13): the progress of the read into the full module, for whichever request needed it.
    if (type === MessageType.PROGRESS && data?.upgrade) {
      call.upgrading = true;
      return this.#onUpgrade(data);
    }
    if (type === MessageType.PROGRESS) return call.onProgress(data);
    this.#pending.delete(id);
    if (call.upgrading) this.#onUpgrade(null);
    if (type === MessageType.OK) call.resolve(data);
    else call.reject(data);
  }

  /** The instance is poisoned: fail every pending call, and replace the worker with a fresh one (if it ever started). */
  #crash(message) {
    if (!this.#workerReady) {
      const error = makeError("engine_unavailable", message);
      this.#worker.terminate();
      this.#unavailable = error;
      for (const call of this.#pending.values()) call.reject(error);
      this.#pending.clear();
      for (const waiter of this.#readyWaiters.splice(0)) waiter.reject(error);
      this.#onFatal(error);
      return;
    }
    const error = makeError("engine_crashed", message, { restarted: true });
    this.#restart(error);
    this.#onFatal(error);
  }

  #restart(error) {
    this.#worker.terminate();
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
    this.#start();
  }
}
