// Starting the playground server through the built binary (for the server and browser tests).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));

/** Starts `nerva-lr playground`, resolving with the process and the URL it prints. */
export function startPlayground(port = "0"): Promise<{ child: ChildProcess; url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "playground", "--port", port], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (url) resolve({ child, url: url[0], port: Number(url[1]) });
    });
    child.on("exit", (code) => reject(new Error(`playground exited with ${code}: ${out}`)));
  });
}

