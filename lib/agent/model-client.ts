import { LambError } from '../model/errors.js';

/**
 * A client for an OpenAI-compatible chat completions endpoint (OpenAI, vLLM, llama.cpp's server, Ollama,
 * LM Studio...), with fetch and nothing else: one POST per model call, no SDK, no streaming.
 *
 * Images go in only when the model takes them (`vision`): a user message is then a content array
 * (`[{type: "text"}, {type: "image_url", image_url: {url: "data:image/png;base64,..."}}]`). Without vision the
 * content is one string, because local servers reject content arrays outright (UFO issue #135), and a text
 * model has nothing to gain from them.
 */

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

export interface ModelClientOptions {
  /** The API's base URL, e.g. http://127.0.0.1:8000/v1 (see chatCompletionsUrl for what is accepted). */
  baseUrl: string;
  /** The `model` field of the request. */
  model: string;
  /** Sent as `Authorization: Bearer KEY` when given. */
  apiKey?: string;
  /** Budget for one call, request to full response (default 120 s: a local 7B model on CPU is slow). */
  timeoutMs?: number;
  temperature?: number;
  maxTokens?: number;
}

/** The answer of one call. */
export interface ChatCompletion {
  /** The first choice's message content ('' when the server sent none). */
  text: string;
  durationMs: number;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  finishReason?: string | null;
}

/** The interface the agent loop calls; ModelClient implements it against HTTP. */
export interface ChatModel {
  complete(messages: readonly ChatMessage[]): Promise<ChatCompletion>;
}

/** The key from the environment: LAMB_MODEL_KEY first (ours), then OPENAI_API_KEY (what other tools set). */
export function modelKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.LAMB_MODEL_KEY || env.OPENAI_API_KEY;
  return key ? key : undefined;
}

/**
 * The endpoint URL for a base URL: a URL that already ends in /chat/completions is used as is; a bare server
 * (no path, e.g. http://127.0.0.1:11434) gets /v1/chat/completions, the OpenAI-compatible path every local
 * server serves; any other path (…/v1, …/openai/v1) gets /chat/completions, as the OpenAI SDKs do with
 * their base URL.
 */
export function chatCompletionsUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new LambError('INVALID_ARGUMENT', `model (lamb run): ${JSON.stringify(baseUrl)} is not a URL; expected e.g. http://127.0.0.1:8000/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LambError('INVALID_ARGUMENT', `model (lamb run): ${JSON.stringify(baseUrl)}: expected an http or https URL`);
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith('/chat/completions')) url.pathname = path;
  else if (path === '') url.pathname = '/v1/chat/completions';
  else url.pathname = path + '/chat/completions';
  return url.toString();
}

/** A user message: a string for text-only models; text + the PNG as a data URL part for vision models. */
export function userMessage(text: string, image?: { png: Buffer } | null): ChatMessage {
  if (!image) return { role: 'user', content: text };
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,' + image.png.toString('base64') } },
    ],
  };
}

export interface ChatRequest {
  url: string;
  headers: Record<string, string>;
  body: {
    model: string;
    messages: readonly ChatMessage[];
    temperature?: number;
    max_tokens?: number;
    stream: false;
  };
}

/** The request for one call, as data (pure, so it is unit-tested without a server). */
export function buildChatRequest(options: ModelClientOptions, messages: readonly ChatMessage[]): ChatRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  return {
    url: chatCompletionsUrl(options.baseUrl),
    headers,
    body: {
      model: options.model,
      messages,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
      stream: false,
    },
  };
}

/** The first choice's text of a chat completions response body; throws with what the body held instead. */
export function completionText(body: unknown): Omit<ChatCompletion, 'durationMs'> {
  const b = body as { choices?: { message?: { content?: unknown }; finish_reason?: string | null }[]; usage?: ChatCompletion['usage'] };
  const choice = Array.isArray(b?.choices) ? b.choices[0] : undefined;
  if (!choice || typeof choice !== 'object')
    throw new LambError('INTERNAL', `model (lamb run): the response has no choices: ${JSON.stringify(body).slice(0, 300)}`);
  const content = choice.message?.content;
  // Some servers send content parts back; join their texts.
  const text = typeof content === 'string' ? content
    : Array.isArray(content) ? content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('')
    : '';
  return { text, ...(b.usage ? { usage: b.usage } : {}), finishReason: choice.finish_reason ?? null };
}

export class ModelClient implements ChatModel {
  readonly options: ModelClientOptions;
  readonly url: string;

  constructor(options: ModelClientOptions) {
    this.options = options;
    this.url = chatCompletionsUrl(options.baseUrl); // validates the URL now, before any step runs
  }

  async complete(messages: readonly ChatMessage[]): Promise<ChatCompletion> {
    const req = buildChatRequest(this.options, messages);
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    const start = performance.now();
    let response: Response;
    try {
      response = await fetch(req.url, {
        method: 'POST',
        headers: req.headers,
        body: JSON.stringify(req.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError')
        throw new LambError('TIMEOUT', `model (lamb run): ${req.url} did not answer within ${timeoutMs} ms`);
      throw new LambError('INTERNAL', `model (lamb run): POST ${req.url} failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`, { cause: error });
    }
    const raw = await response.text();
    if (!response.ok) {
      const code = response.status === 401 || response.status === 403 ? 'ACCESS_DENIED' : 'INTERNAL';
      const hint = code === 'ACCESS_DENIED' ? ' (set LAMB_MODEL_KEY or OPENAI_API_KEY)' : '';
      throw new LambError(code, `model (lamb run): ${req.url} answered HTTP ${response.status}${hint}: ${raw.slice(0, 300)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new LambError('INTERNAL', `model (lamb run): ${req.url} answered with something that is not JSON: ${raw.slice(0, 300)}`);
    }
    return { ...completionText(body), durationMs: Math.round((performance.now() - start) * 100) / 100 };
  }
}
