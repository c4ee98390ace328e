/**
 * A child process that imports files through the real REST route, as the web process does for the import page:
 * `node --import tsx tests/helpers/import-child.ts <file>…` with DATA_DIR and IMPORT_TOKEN set. Prints the route's
 * status and body as one JSON line when done. Tests kill it mid-import.
 */
import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { POST } from "@/app/api/v1/imports/route";

async function main(): Promise<void> {
  const boundary = "----import-child";
  const parts: Buffer[] = [];
  for (const file of process.argv.slice(2)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${path.basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`), fs.readFileSync(file), Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  const req = new NextRequest("http://localhost:3000/api/v1/imports", {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.IMPORT_TOKEN}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(body.length) },
    body,
  });
  const res = await POST(req, { params: Promise.resolve({}) });
  process.stdout.write(`${JSON.stringify({ status: res.status, body: await res.json() })}\n`);
}

void main();
