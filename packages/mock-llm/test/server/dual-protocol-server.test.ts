import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { expectedText, startMockLlm, type MockLlm } from '../../src/index.js';

interface H2Reply {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

function h2Post(url: string, path: string, body: unknown): Promise<H2Reply> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on('error', reject);
    const req = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/json',
    });
    let text = '';
    let headers: http2.IncomingHttpHeaders = {};
    req.on('response', h => (headers = h));
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      session.close();
      resolve({ status: Number(headers[':status']), headers, body: text });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

void describe('one port speaks HTTP/1.1 and cleartext HTTP/2', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  void it('answers HTTP/2 with prior knowledge (h2c)', async () => {
    const reply = await h2Post(mock.url, '/v1/chat/completions', {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(reply.status, 200);
    const json = JSON.parse(reply.body) as {
      choices: Array<{ message: { content: string } }>;
    };
    assert.equal(json.choices[0]?.message.content, expectedText());
    assert.equal(mock.requests.at(-1)?.httpVersion, '2.0');
  });

  void it('streams over HTTP/2', async () => {
    const reply = await h2Post(mock.url, '/v1/chat/completions', {
      model: 'gpt-4o~tokens=2',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(reply.status, 200);
    assert.equal(
      reply.headers['content-type'],
      'text/event-stream; charset=utf-8',
    );
    assert.equal(reply.body.match(/^data: /gm)?.length, 5);
    assert.ok(reply.body.endsWith('data: [DONE]\n\n'));
  });

  void it('answers HTTP/1.1 on the same port', async () => {
    const res = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    assert.equal(res.status, 200);
    assert.equal(mock.requests.at(-1)?.httpVersion, '1.1');
    await res.arrayBuffer();
  });

  void it('a cut stream resets the HTTP/2 stream', async () => {
    const err = await h2Post(mock.url, '/v1/chat/completions', {
      model: 'gpt-4o~cut',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    }).catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.equal((err as NodeJS.ErrnoException).code, 'ERR_HTTP2_STREAM_ERROR');
  });

  void it('a client that resets a slow HTTP/2 stream does not disturb the server', async () => {
    const session = http2.connect(mock.url);
    const req = session.request({
      ':method': 'POST',
      ':path': '/v1/chat/completions',
    });
    req.end(
      JSON.stringify({
        model: 'gpt-4o~chunk_delay=50',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    await new Promise(resolve => req.once('data', resolve));
    req.close(http2.constants.NGHTTP2_CANCEL);
    session.close();
    const reply = await h2Post(mock.url, '/v1/chat/completions', {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(reply.status, 200);
  });

  void it('answers GET /health', async () => {
    const res = await fetch(`${mock.url}/health`);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });
});
