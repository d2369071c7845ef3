// Measures the mock on loopback: non-stream requests/s (vs a bare node:http
// server answering the same bytes) and 200 concurrent SSE streams. The server
// runs alone in a child process, so it has one core; the load runs here.
//   node --import tsx packages/mock-llm/bench/mock-llm.bench.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const ROUNDS = 3;
const SECONDS = 3;
const CONNECTIONS = 32;
const BODY = JSON.stringify({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Say hello to the benchmark' }],
});

async function startServer(
  args: string[],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.setEncoding('utf8');
  const [line] = (await once(child.stdout!, 'data')) as [string];
  return { url: line.trim(), child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Completed requests per second with CONNECTIONS keep-alive connections for SECONDS. */
async function requestsPerSecond(url: string, path: string): Promise<number> {
  const pool = new Pool(url, { connections: CONNECTIONS });
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const res = await pool.request({
        method: 'POST',
        path,
        body: BODY,
        headers: { 'content-type': 'application/json' },
      });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const secs = (performance.now() - start) / 1000;
  await pool.close();
  return done / secs;
}

/** Opens `n` streams at once; returns the wall time until all finished and the chunk count. */
async function concurrentStreams(
  url: string,
  n: number,
  scenario: string,
): Promise<{ ms: number; chunks: number; ok: number }> {
  const pool = new Pool(url, { connections: n });
  const body = JSON.stringify({
    model: `gpt-4o~${scenario}`,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'stream for the benchmark' }],
  });
  let chunks = 0;
  let ok = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: n }, async () => {
      const res = await pool.request({
        method: 'POST',
        path: '/v1/chat/completions',
        body,
        headers: { 'content-type': 'application/json' },
      });
      let text = '';
      for await (const c of res.body) {
        chunks++;
        text += (c as Buffer).toString();
      }
      if (res.statusCode === 200 && text.endsWith('data: [DONE]\n\n')) ok++;
    }),
  );
  const ms = performance.now() - start;
  await pool.close();
  return { ms, chunks, ok };
}

const mock = await startServer(['mock']);
const sample = await fetch(`${mock.url}/v1/chat/completions`, {
  method: 'POST',
  body: BODY,
});
const sampleBody = await sample.text();
const baseline = await startServer(['baseline', sampleBody]);

const mockRps: number[] = [];
const baseRps: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  baseRps.push(await requestsPerSecond(baseline.url, '/v1/chat/completions'));
  mockRps.push(await requestsPerSecond(mock.url, '/v1/chat/completions'));
}
await stopServer(baseline.child);

const streamRuns: Array<{ ms: number; chunks: number; ok: number }> = [];
for (let r = 0; r < ROUNDS; r++) {
  streamRuns.push(
    await concurrentStreams(mock.url, 200, 'tokens=50,chunk_delay=20'),
  );
}
const fastStreams = await concurrentStreams(mock.url, 200, 'tokens=50');
await stopServer(mock.child);

const streamMs = median(streamRuns.map(s => s.ms));
console.log(
  `non-stream chat completions, ${CONNECTIONS} keep-alive connections, ${SECONDS}s x ${ROUNDS} rounds (median):`,
);
console.log(
  `  baseline node:http fixed body : ${Math.round(median(baseRps))} req/s`,
);
console.log(
  `  @x/mock-llm                   : ${Math.round(median(mockRps))} req/s`,
);
console.log(
  `200 concurrent SSE streams, 50 chunks each, chunk_delay=20ms (ideal ~1000 ms), ${ROUNDS} rounds (median):`,
);
console.log(
  `  completed ${Math.min(...streamRuns.map(s => s.ok))}/200, wall ${Math.round(streamMs)} ms`,
);
console.log(`200 concurrent SSE streams, 50 chunks each, no delay:`);
console.log(
  `  completed ${fastStreams.ok}/200, wall ${Math.round(fastStreams.ms)} ms`,
);
