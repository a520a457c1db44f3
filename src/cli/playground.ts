/**
 * `playground [--port N]`: serves the playground page on 127.0.0.1 until Ctrl-C. It serves exactly
 * the page's own files, read once at start: the three fixed ones and the script chunks the build
 * wrote (listed in its chunks.json). The request path is looked up in that list and never touches
 * the file system, so no path (`/../`, `%2e%2e/`, `%2f`, absolute, a symlink) can reach anything
 * else. Everything else is 404.
 *
 * It answers only requests addressed to itself by name (Host `127.0.0.1:PORT`, `localhost:PORT` or
 * `[::1]:PORT`), and 421 to any other Host: a web page whose own name an attacker re-points at
 * 127.0.0.1 (DNS rebinding) sends its own name as Host, so it cannot read this server.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readWhole } from "./eval-command.js";
import { CliError, noArguments, type Io } from "./io.js";

export const DEFAULT_PORT = 5177;

const FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

/** The page may use only itself: no other origin, no inline script, no plugins. */
const HEADERS = {
  "content-security-policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

export function playgroundCommand(positionals: readonly string[], options: { port?: string | undefined }, io: Io): number {
  noArguments(positionals, "playground");
  const port = options.port === undefined ? DEFAULT_PORT : readWhole(options.port, "--port", 0, 65535);
  const pages = new Map<string, { body: Buffer; type: string }>();
  for (const [path, { file, type }] of Object.entries({ ...FILES, ...chunkFiles() })) {
    try {
      pages.set(path, { body: readFileSync(new URL(`../playground/${file}`, import.meta.url)), type });
    } catch {
      throw new CliError(`the playground's ${file} is missing; run npm run build`);
    }
  }
  // node:http is loaded only here: every other command starts faster without it. (A require, not
  // import(): the bundled CLI runs from a code cache, where import() has no loader to call.)
  const { createServer } = createRequire(import.meta.url)("node:http") as typeof import("node:http");
  let allowedHosts: ReadonlySet<string> = new Set();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHosts.has((request.headers.host ?? "").toLowerCase())) {
      return send(response, 421, "text/plain; charset=utf-8", Buffer.from("misdirected request: this server answers only to 127.0.0.1, localhost and [::1]\n"), request.method);
    }
    const path = (request.url ?? "/").split(/[?#]/, 1)[0] as string;
    const page = pages.get(path);
    if (request.method !== "GET" && request.method !== "HEAD") return send(response, 405, "text/plain; charset=utf-8", Buffer.from("method not allowed\n"), request.method);
    if (!page) return send(response, 404, "text/plain; charset=utf-8", Buffer.from("not found\n"), request.method);
    send(response, 200, page.type, page.body, request.method);
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    io.stderr(
      error.code === "EADDRINUSE"
        ? `nerva-lr: port ${port} on 127.0.0.1 is in use; choose another with --port N (or --port 0 for any free one)\n`
        : `nerva-lr: cannot serve the playground on 127.0.0.1:${port} (${error.code ?? error.message})\n`,
    );
    io.exit?.(1);
  });
  server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    allowedHosts = hostsFor(actual);
    io.stdout(`nerva-lr playground: http://127.0.0.1:${actual}/\nPress Ctrl-C to stop.\n`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    io.exit?.(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return 0;
}

/** Names a chunk of the page's script may have (esbuild's `chunk-[hash].js`): no path, no dots. */
const CHUNK_NAME = /^chunk-[A-Za-z0-9_-]+\.js$/;

/** The script chunks of the page, from the list the build wrote (scripts/bundle.mjs). */
function chunkFiles(): Record<string, { file: string; type: string }> {
  let listed: unknown;
  try {
    listed = JSON.parse(readFileSync(new URL("../playground/chunks.json", import.meta.url), "utf8"));
  } catch {
    throw new CliError("the playground's chunks.json is missing or damaged; run npm run build");
  }
  const { eager, lazy } = (listed ?? {}) as { eager?: unknown; lazy?: unknown };
  const names = [eager, lazy].flatMap((list) => (Array.isArray(list) ? list : [undefined]));
  if (!names.every((name): name is string => typeof name === "string" && CHUNK_NAME.test(name))) {
    throw new CliError("the playground's chunks.json is damaged; run npm run build");
  }
  return Object.fromEntries(names.map((name) => [`/${name}`, { file: name, type: "text/javascript; charset=utf-8" }]));
}

/** The Host values a browser sends for this server (it leaves out port 80, the default). */
function hostsFor(port: number): ReadonlySet<string> {
  const names = ["127.0.0.1", "localhost", "[::1]"];
  return new Set([...names.map((name) => `${name}:${port}`), ...(port === 80 ? names : [])]);
}

function send(response: ServerResponse, status: number, type: string, body: Buffer, method: string | undefined): void {
  response.writeHead(status, { ...HEADERS, "content-type": type, "content-length": body.length });
  response.end(method === "HEAD" ? undefined : body);
}
