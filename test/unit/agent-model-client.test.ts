/** The model client's pure parts (URL, request, answer) and its error mapping against a scripted model server (a test server). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChatRequest, chatCompletionsUrl, completionText, ModelClient, modelKeyFromEnv, userMessage } from '../../lib/agent/model-client.js';
import { systemPrompt } from '../../lib/agent/system-prompt.js';
import { LambError } from '../../lib/model/index.js';
import { ScriptedModelServer } from '../helpers/scripted-model-server.js';

describe('chatCompletionsUrl', () => {
  it('appends /chat/completions to a base URL, /v1/chat/completions to a bare server, and keeps a full endpoint', () => {
    expect(chatCompletionsUrl('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(chatCompletionsUrl('http://127.0.0.1:8000/v1/')).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(chatCompletionsUrl('http://localhost:11434')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatCompletionsUrl('https://api.example.com/openai/v1/chat/completions')).toBe('https://api.example.com/openai/v1/chat/completions');
    expect(chatCompletionsUrl('https://host/v1?api-version=2')).toBe('https://host/v1/chat/completions?api-version=2');
  });
  it('refuses what is not an http(s) URL with INVALID_ARGUMENT', () => {
    for (const bad of ['not a url', 'ftp://host/v1', 'file:///tmp/x']) {
      expect(() => chatCompletionsUrl(bad)).toThrow(LambError);
      try { chatCompletionsUrl(bad); } catch (e) { expect((e as LambError).code).toBe('INVALID_ARGUMENT'); }
    }
  });
});

describe('buildChatRequest / userMessage', () => {
  it('sends the key as a bearer token only when there is one', () => {
    const msgs = [{ role: 'user' as const, content: 'hi' }];
    const withKey = buildChatRequest({ baseUrl: 'http://h/v1', model: 'm', apiKey: 'k1' }, msgs);
    expect(withKey.headers.authorization).toBe('Bearer k1');
    expect(withKey.body).toEqual({ model: 'm', messages: msgs, stream: false });
    const without = buildChatRequest({ baseUrl: 'http://h/v1', model: 'm', temperature: 0, maxTokens: 500 }, msgs);
    expect(without.headers.authorization).toBeUndefined();
    expect(without.body).toMatchObject({ temperature: 0, max_tokens: 500 });
  });
  it('makes a plain string for text-only models and a text + data URL content array with an image', () => {
    expect(userMessage('prompt')).toEqual({ role: 'user', content: 'prompt' });
    expect(userMessage('prompt', null)).toEqual({ role: 'user', content: 'prompt' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    expect(userMessage('prompt', { png })).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'prompt' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } }],
    });
  });
  it('takes the key from LAMB_MODEL_KEY before OPENAI_API_KEY, none when both are empty', () => {
    expect(modelKeyFromEnv({ LAMB_MODEL_KEY: 'a', OPENAI_API_KEY: 'b' })).toBe('a');
    expect(modelKeyFromEnv({ OPENAI_API_KEY: 'b' })).toBe('b');
    expect(modelKeyFromEnv({ LAMB_MODEL_KEY: '' })).toBeUndefined();
  });
  it('reads the first choice, also content parts; no choices is an error showing the body', () => {
    expect(completionText({ choices: [{ message: { content: 'x' }, finish_reason: 'stop' }] })).toEqual({ text: 'x', finishReason: 'stop' });
    expect(completionText({ choices: [{ message: { content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] } }] }).text).toBe('ab');
    expect(completionText({ choices: [{ message: { content: null } }] }).text).toBe('');
    expect(() => completionText({ error: 'overloaded' })).toThrow(/no choices: \{"error":"overloaded"\}/);
  });
  it('describes both response styles in the system prompt', () => {
    expect(systemPrompt('ufo')).toMatch(/"action": \{"function": "click_input", "arguments": \{"id": "12"/);
    expect(systemPrompt('ufo-v1')).toMatch(/"ControlLabel": "12"/);
    for (const s of [systemPrompt('ufo'), systemPrompt('ufo-v1')]) expect(s).toMatch(/CONFIRM/);
  });
});

describe('ModelClient against a scripted model server', () => {
  let server: ScriptedModelServer;
  beforeAll(async () => {
    server = await ScriptedModelServer.start([
      'the answer',
      { httpStatus: 403, body: 'forbidden' },
      { httpStatus: 503, body: 'busy' },
      { httpStatus: 200, body: '<html>' },
    ]);
  });
  afterAll(() => server.close());

  it('posts the request and returns the text; maps HTTP and body failures to stable codes', async () => {
    const client = new ModelClient({ baseUrl: server.url, model: 'm1', apiKey: 'sekrit' });
    const ok = await client.complete([{ role: 'user', content: 'hello' }]);
    expect(ok.text).toBe('the answer');
    expect(ok.usage?.total_tokens).toBeGreaterThan(0);
    expect(server.requests[0]!.body).toMatchObject({ model: 'm1', messages: [{ role: 'user', content: 'hello' }], stream: false });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sekrit');
    await expect(client.complete([])).rejects.toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringMatching(/HTTP 403/) });
    await expect(client.complete([])).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/HTTP 503.*busy/) });
    await expect(client.complete([])).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/not JSON: <html>/) });
  });
  it('reports an endpoint that refuses connections, and one that does not answer in time', async () => {
    const { createServer } = await import('node:http');
    // A port that was just free: nothing listens there now.
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const freePort = (gone.address() as { port: number }).port;
    await new Promise((r) => gone.close(r));
    await expect(new ModelClient({ baseUrl: `http://127.0.0.1:${freePort}/v1`, model: 'm' }).complete([])).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/POST http:\/\/127.0.0.1:\d+\/v1\/chat\/completions failed: ECONNREFUSED/) });
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      await expect(new ModelClient({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', timeoutMs: 200 }).complete([])).rejects.toMatchObject({ code: 'TIMEOUT' });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
