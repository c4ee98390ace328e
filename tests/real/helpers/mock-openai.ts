import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { model: string; text: string; imageUrls: string[]; maxTokens: number | null };

export type MockOpenAi = {
  /** `http://127.0.0.1:<port>/v1`, for `--model_args base_url=…`. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
};

type ContentPart = { type?: string; text?: string; image_url?: { url?: string } };
type ChatBody = { model?: string; messages?: Array<{ role?: string; content?: string | ContentPart[] }>; max_tokens?: number };

/** Tokens as the mock counts them: words of the prompt text, plus a flat 85 per image (OpenAI's low-detail cost). */
export function promptTokens(text: string, images: number): number {
  return text.split(/\s+/).filter(Boolean).length + 85 * images;
}

/**
 * A deterministic OpenAI-style `/v1/chat/completions` server on 127.0.0.1 for lmms-eval's `openai` backend. It always
 * answers "red" (so exact_match is the share of red squares in the task), reports `usage` tokens, and records what
 * it was asked. A model name `slow-<ms>` delays every answer by that many milliseconds.
 */
export async function startMockOpenAi(): Promise<MockOpenAi> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      let body: ChatBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatBody;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const parts = (body.messages ?? []).flatMap((m) => (typeof m.content === "string" ? [{ type: "text", text: m.content }] : (m.content ?? [])));
      const text = parts.filter((p) => p.type === "text").map((p) => p.text ?? "").join("\n");
      const imageUrls = parts.filter((p) => p.type === "image_url").map((p) => p.image_url?.url ?? "");
      const model = body.model ?? "";
      requests.push({ model, text, imageUrls, maxTokens: body.max_tokens ?? null });
      const answer = "red";
      const reply = {
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: 1_700_000_000,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
        usage: { prompt_tokens: promptTokens(text, imageUrls.length), completion_tokens: 1, total_tokens: promptTokens(text, imageUrls.length) + 1 },
      };
      const delay = Number(/^slow-(\d+)$/.exec(model)?.[1] ?? 0);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
