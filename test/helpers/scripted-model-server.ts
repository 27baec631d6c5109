/**
 * A TEST SERVER standing in for a model: an OpenAI-compatible chat completions endpoint (node:http on
 * 127.0.0.1, POST …/chat/completions) that replays scripted answers in order and records every request it
 * got, so a test can drive `lamb run` deterministically and then assert what the loop sent (the control list,
 * the last step's results, the re-ask message, the screenshot).
 *
 * A scripted answer is the assistant text, or a function of the request that returns it (so an answer can
 * name a control by the label the prompt's control list gave it: labels are assigned per observation), or
 * an HTTP failure to send instead. When the script runs out, `repeat` answers (if given), else the server
 * answers HTTP 500 "script exhausted", which `lamb run` reports as a failure: a test never hangs on it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessageSeen {
  role: string;
  content: string | { type: string; text?: string; image_url?: { url: string } }[];
}

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; messages: ChatMessageSeen[]; [k: string]: unknown };
}

/** One control of the `<Available Control Item:>` list (UFO newest: id/name/type; v1: label/control_text/control_type). */
export interface ControlSeen {
  id: string;
  name: string;
  type: string;
}

export type ScriptedAnswer = string | ((request: RecordedRequest) => string) | { httpStatus: number; body: string };

/** The text of a message (a string, or the text parts of a content array joined). */
export function messageText(m: ChatMessageSeen): string {
  return typeof m.content === 'string' ? m.content : m.content.filter((p) => p.type === 'text').map((p) => p.text ?? '').join('\n');
}

/** The first user message: the step's prompt (later user messages are re-asks). */
export function promptOf(request: RecordedRequest): string {
  const first = request.body.messages.find((m) => m.role === 'user');
  return first ? messageText(first) : '';
}

/** The control list the prompt carries, parsed. */
export function controlsOf(request: RecordedRequest): ControlSeen[] {
  const line = promptOf(request).split('\n').find((l) => l.startsWith('<Available Control Item:> '));
  if (!line) throw new Error('scripted model server: the prompt has no <Available Control Item:> line');
  const list = JSON.parse(line.slice('<Available Control Item:> '.length)) as Record<string, string>[];
  return list.map((c) => ({ id: c.id ?? c.label!, name: c.name ?? c.control_text!, type: c.type ?? c.control_type! }));
}

/** The first control of a type (and name, when given) in the request's control list; throws naming what was there. */
export function controlIn(request: RecordedRequest, type: string, name?: string): ControlSeen {
  const controls = controlsOf(request);
  const found = controls.find((c) => c.type === type && (name === undefined || c.name === name));
  if (!found) throw new Error(`scripted model server: no ${type}${name ? ` '${name}'` : ''} in the control list: ${JSON.stringify(controls.slice(0, 20))}`);
  return found;
}

export class ScriptedModelServer {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #script: ScriptedAnswer[];
  readonly #repeat: ScriptedAnswer | undefined;
  /** Errors thrown by answer functions: the test should fail on them, not only see a 500. */
  readonly errors: Error[] = [];

  private constructor(script: ScriptedAnswer[], repeat: ScriptedAnswer | undefined) {
    this.#script = [...script];
    this.#repeat = repeat;
    this.#server = createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d));
      req.on('end', () => {
        if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
          return;
        }
        const recorded: RecordedRequest = { path: req.url, headers: req.headers, body: JSON.parse(raw) as RecordedRequest['body'] };
        this.requests.push(recorded);
        const answer = this.#script.shift() ?? this.#repeat;
        if (answer === undefined) {
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'script exhausted' } }));
          return;
        }
        if (typeof answer === 'object') {
          res.writeHead(answer.httpStatus, { 'content-type': 'application/json' }).end(answer.body);
          return;
        }
        let text: string;
        try {
          text = typeof answer === 'function' ? answer(recorded) : answer;
        } catch (error) {
          this.errors.push(error as Error);
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error) } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          id: `chatcmpl-test-${this.requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: recorded.body.model ?? 'scripted',
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: raw.length >> 2, completion_tokens: text.length >> 2, total_tokens: (raw.length + text.length) >> 2 },
        }));
      });
    });
  }

  static async start(script: ScriptedAnswer[], options: { repeat?: ScriptedAnswer } = {}): Promise<ScriptedModelServer> {
    const server = new ScriptedModelServer(script, options.repeat);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** The base URL to give `lamb run --model`. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
