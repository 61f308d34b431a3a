// A loopback HTTP server speaking the Anthropic Messages API, scripted per test: each POST /v1/messages
// takes the next step of the script. A step answers with an SSE stream of blocks (what a streaming
// model sends), an HTTP error, or a stream that stalls until the client goes away (for cancellation).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    stream?: boolean;
    system?: string;
    messages: { role: 'user' | 'assistant'; content: unknown }[];
    tools?: { name: string; input_schema: Record<string, unknown> }[];
  };
}

export type Step =
  | { kind: 'stream'; blocks: ScriptBlock[]; stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' }
  | { kind: 'error'; status: number; headers?: Record<string, string>; type: string; message: string }
  /** Sends message_start and one text delta, then never finishes: only the client can end it. */
  | { kind: 'stall'; text: string };

export type Responder = Step | ((request: RecordedRequest) => Step);

export const say = (text: string): Step => ({ kind: 'stream', blocks: [{ type: 'text', text }], stopReason: 'end_turn' });
export const callTool = (id: string, name: string, input: unknown, text?: string): Step => ({
  kind: 'stream',
  blocks: [...(text ? [{ type: 'text' as const, text }] : []), { type: 'tool_use', id, name, input }],
  stopReason: 'tool_use',
});

function sse(res: ServerResponse, type: string, data: unknown): void {
  res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...(data as object) })}\n\n`);
}

/** Splits text in two, so the client must join deltas. */
function halves(text: string): string[] {
  const middle = Math.ceil(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)].filter((p) => p !== '');
}

function stream(res: ServerResponse, step: Extract<Step, { kind: 'stream' }>, model: string, id: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${id}` });
  sse(res, 'message_start', {
    message: { id: `msg_${id}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 100 + id, output_tokens: 1 } },
  });
  step.blocks.forEach((block, index) => {
    if (block.type === 'text') {
      sse(res, 'content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const part of halves(block.text)) sse(res, 'content_block_delta', { index, delta: { type: 'text_delta', text: part } });
    } else {
      sse(res, 'content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      for (const part of halves(JSON.stringify(block.input))) sse(res, 'content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } });
    }
    sse(res, 'content_block_stop', { index });
  });
  sse(res, 'message_delta', { delta: { stop_reason: step.stopReason ?? 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 + id } });
  sse(res, 'message_stop', {});
  res.end();
}

export interface ScriptedModel {
  url: string;
  requests: RecordedRequest[];
  /** Resolves when a stalled step has been answered with its first delta. */
  stalled: Promise<void>;
  close(): Promise<void>;
}

export async function startScriptedModel(script: Responder[]): Promise<ScriptedModel> {
  const requests: RecordedRequest[] = [];
  let signalStalled: () => void = () => undefined;
  const stalled = new Promise<void>((resolve) => (signalStalled = resolve));
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      const request: RecordedRequest = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
      requests.push(request);
      const responder = script.shift();
      if (responder === undefined) {
        res.writeHead(500, { 'content-type': 'application/json', 'x-should-retry': 'false' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `script exhausted at request ${requests.length}` } }));
        return;
      }
      const step = typeof responder === 'function' ? responder(request) : responder;
      switch (step.kind) {
        case 'stream':
          stream(res, step, request.body.model, requests.length);
          return;
        case 'error':
          res.writeHead(step.status, { 'content-type': 'application/json', ...(step.headers ?? {}) });
          res.end(JSON.stringify({ type: 'error', error: { type: step.type, message: step.message } }));
          return;
        case 'stall':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          open.add(res);
          res.on('close', () => open.delete(res));
          sse(res, 'message_start', {
            message: { id: 'msg_stall', type: 'message', role: 'assistant', model: request.body.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } },
          });
          sse(res, 'content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
          sse(res, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text: step.text } });
          signalStalled();
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stalled,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The tool_result blocks of the last user message of a request. */
export function toolResults(request: RecordedRequest): { tool_use_id: string; content: string; is_error?: boolean }[] {
  const last = request.body.messages[request.body.messages.length - 1];
  if (last === undefined || last.role !== 'user' || !Array.isArray(last.content)) return [];
  return (last.content as { type: string }[]).filter((b) => b.type === 'tool_result') as never;
}
