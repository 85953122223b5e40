// Tiny static file server for the page (node:http + node:fs only): `node serve.mjs [--port 8080] [--root www]`.
import { createServer } from "node:http";
import { createReadStream, realpathSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HOST = "127.0.0.1";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".csv": "text/csv; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

// Compression (issue 17, point 13): the page's text and the module go gzipped, as any web host sends them, so
// first-load timings measured against this server are a host's; text exports too (the page then shows their
// progress without a total); workbooks are compressed already.
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".map", ".csv", ".tsv", ".txt"]);
const gzip = promisify(gzipCallback);
const gzipped = new Map(); // file path → { mtimeMs, body }

async function gzippedBody(file, info) {
  const cached = gzipped.get(file);
  if (cached?.mtimeMs === info.mtimeMs) return cached.body;
  const body = await gzip(await readFile(file), { level: 9 });
  gzipped.set(file, { mtimeMs: info.mtimeMs, body });
  return body;
}

/** Serves `root` on 127.0.0.1:`port` (0 = any free port); resolves once listening. */
export function startServer({ root = "www", port = 8080 } = {}) {
  const rootDir = path.resolve(root);
  const server = createServer((request, response) => {
    serve(rootDir, request, response).catch(() => send(response, 500, "Internal Server Error"));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      const url = `http://${HOST}:${server.address().port}/`;
      resolve({
        url,
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

async function serve(rootDir, request, response) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    return send(response, 405, "Method Not Allowed");
  }
  const filePath = resolveInside(rootDir, request.url);
  if (filePath === null) return send(response, 400, "Bad Request");
  let info = await stat(filePath).catch(() => null);
  let target = filePath;
  if (info?.isDirectory()) {
    target = path.join(filePath, "index.html");
    info = await stat(target).catch(() => null);
  }
  if (!info?.isFile()) return send(response, 404, "Not Found");

  // No CSP header on purpose: the page carries its own <meta> CSP, and the worker is left without one so that the
  // end-to-end test sees (and fails on) any request it attempts to another origin.
  const extension = path.extname(target).toLowerCase();
  if (COMPRESSIBLE.has(extension) && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
    const body = await gzippedBody(target, info);
    response.writeHead(200, {
      "Content-Type": CONTENT_TYPES[extension],
      "Content-Encoding": "gzip",
      "Content-Length": body.length,
      "Vary": "Accept-Encoding",
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    });
    return response.end(request.method === "HEAD" ? undefined : body);
  }
  response.writeHead(200, {
    "Content-Type": CONTENT_TYPES[extension] ?? "application/octet-stream",
    "Content-Length": info.size,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  if (request.method === "HEAD") return response.end();
  createReadStream(target).on("error", () => response.destroy()).pipe(response);
}

/** The file path for a request URL, or null when it is malformed or would leave the root (path traversal). */
function resolveInside(rootDir, requestUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, "http://localhost").pathname);
  } catch {
    return null;
  }
  if (pathname.includes("\0") || pathname.includes("\\")) return null;
  const resolved = path.resolve(rootDir, "." + path.posix.normalize(pathname));
  return resolved === rootDir || resolved.startsWith(rootDir + path.sep) ? resolved : null;
}

function send(response, status, text) {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" });
  response.end(`${text}\n`);
}

function parseArguments(argv) {
  const options = { port: 8080, root: "www" };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = inline ?? argv[++i];
    if (flag === "--port" && /^\d+$/.test(value ?? "") && Number(value) <= 65535) options.port = Number(value);
    else if (flag === "--root" && value) options.root = value;
    else throw new Error(`usage: node serve.mjs [--port 8080] [--root www] (bad argument: ${flag} ${value ?? ""})`);
  }
  return options;
}

const isMainModule = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (isMainModule) {
  try {
    const { port, root } = parseArguments(process.argv.slice(2));
    const { url } = await startServer({ root, port });
    console.log(`clientele: serving ${root.replace(/\/*$/, "/")} at ${url}`);
  } catch (error) {
    console.error(`clientele: ${error.message}`);
    process.exit(1);
  }
}
