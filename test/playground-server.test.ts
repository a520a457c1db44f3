// The playground server, through the built binary: 127.0.0.1 only, the page's own files only,
// only to requests addressed to it by name (no DNS rebinding), a clear error for a port in use,
// and a clean stop on Ctrl-C (SIGINT). Real HTTP requests to the real server throughout.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, startPlayground } from "./playground-helpers.js";

function get(port: number, path: string, method = "GET", host?: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    // The path goes out exactly as written: no normalising of ../ or %2e by the client. The Host
    // header is node's own (127.0.0.1:PORT) unless a test sends another.
    const req = request({ host: "127.0.0.1", port, path, method, ...(host === undefined ? {} : { headers: { host } }) }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A request written byte for byte (node's client always sends a Host), and the whole answer. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(text));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("nerva-lr playground", () => {
  let server: Awaited<ReturnType<typeof startPlayground>>;
  beforeAll(async () => {
    server = await startPlayground();
  });
  afterAll(() => {
    server.child.kill("SIGKILL");
  });

  it("serves the page and its files", async () => {
    const page = await get(server.port, "/");
    expect([page.status, page.type]).toEqual([200, "text/html; charset=utf-8"]);
    expect(page.body).toContain('<script type="module" src="app.js"></script>');
    expect((await get(server.port, "/app.js")).status).toBe(200);
    expect((await get(server.port, "/style.css")).type).toBe("text/css; charset=utf-8");
    expect((await get(server.port, "/index.html?s=Constant(0.1)")).status).toBe(200);
  });
  const outside = ["/../package.json", "/..%2fpackage.json", "/%2e%2e/package.json", "/%2e%2e%2fpackage.json", "/%2fetc%2fpasswd", "//etc/passwd", "/etc/passwd", "/cli/nerva-lr.cjs", "/../cli/nerva-lr.cjs", "/app.js/..", "/./app.js", "/APP.JS", "/app.js%00.html", "/index.html/", "/nope"];
  it.each(outside)("answers 404 for %s", async (path) => {
    const response = await get(server.port, path);
    expect(response.status).toBe(404);
    expect(response.body).toBe("not found\n");
  });
  it("answers the names of this machine with its port", async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, `LocalHost:${server.port}`]) {
      expect([host, (await get(server.port, "/", "GET", host)).status]).toEqual([host, 200]);
    }
  });
  // A DNS-rebinding page sends its own name; a wrong port or a bare name is another origin too.
  const foreign = ["evil.example", "evil.example:PORT", "127.0.0.1", "localhost", "127.0.0.1:1", "127.0.0.2:PORT", "localhost.evil.example:PORT", "127.0.0.1:PORT.evil.example", "[::1]", "127.0.0.1:PORT, evil.example"];
  it.each(foreign)("answers 421 to Host %j", async (pattern) => {
    const host = pattern.replace("PORT", String(server.port));
    for (const path of ["/", "/app.js", "/nope"]) {
      const response = await get(server.port, path, "GET", host);
      expect([path, response.status, response.type]).toEqual([path, 421, "text/plain; charset=utf-8"]);
      expect(response.body).toBe("misdirected request: this server answers only to 127.0.0.1, localhost and [::1]\n");
    }
  });
  it("refuses a request with an empty Host, or none", async () => {
    expect(await raw(server.port, "GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 421 /);
    // node's server answers 400 itself to an HTTP/1.1 request without a Host, and we keep that;
    // HTTP/1.0 may leave Host out, and gets 421 from us.
    expect(await raw(server.port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(server.port, "GET / HTTP/1.0\r\n\r\n")).toMatch(/^HTTP\/1\.1 421 /);
  });
  it("takes only GET and HEAD", async () => {
    expect((await get(server.port, "/", "POST")).status).toBe(405);
    expect(await get(server.port, "/", "HEAD")).toMatchObject({ status: 200, body: "" });
  });
  it("says so, with exit 1, when the port is in use", async () => {
    const second = spawn(process.execPath, [bin, "playground", "--port", String(server.port)], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    second.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => second.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(`nerva-lr: port ${server.port} on 127.0.0.1 is in use; choose another with --port N (or --port 0 for any free one)\n`);
  });
  it("stops cleanly on Ctrl-C", async () => {
    const other = await startPlayground();
    const exited = new Promise((resolve) => other.child.on("exit", (code) => resolve(code)));
    other.child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
  it("refuses a bad port", async () => {
    const bad = spawn(process.execPath, [bin, "playground", "--port", "70000"], { stdio: ["ignore", "pipe", "pipe"] });
    expect(await new Promise((resolve) => bad.on("exit", resolve))).toBe(2); // out of range: a usage error (docs/cli.md)
  });
});
