// The playground server, through the built binary: 127.0.0.1 only, the page's own files only,
// a clear error for a port in use, and a clean stop on Ctrl-C (SIGINT).
import { spawn } from "node:child_process";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, startPlayground } from "./playground-helpers.js";

function get(port: number, path: string, method = "GET"): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    // The path goes out exactly as written: no normalising of ../ or %2e by the client.
    const req = request({ host: "127.0.0.1", port, path, method }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
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
