// How long a short-lived app takes from start to exit, with and without
// register, when the OTLP endpoint is up, refusing connections, or hanging.
// The app is the quickstart (packages/llm-otel/examples/hello.mjs: one OpenAI
// SDK stream against an in-process mock), and the same ended by
// process.exit() (exit-after-hello.mjs), where register flushes from the
// 'exit' listener. Modes alternate run by run so machine load hits each
// alike; medians are printed.
//   node --import tsx test/bench/app-exit-time.bench.ts [runs]
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = 'packages/llm-otel/examples/hello.mjs';
const EXIT_APP = 'test/bench/exit-after-hello.mjs';
const RUNS = Number(process.argv[2] ?? 15);

function listen(
  server: Server | ReturnType<typeof createTcpServer>,
): Promise<number> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    ),
  );
}

function run(
  args: string[],
  env: Record<string, string>,
  app: string,
): Promise<number> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('OTEL_')) clean[k] = v;
  const start = performance.now();
  const child = spawn(process.execPath, [...args, app], {
    cwd: ROOT,
    env: { ...clean, OTEL_SERVICE_NAME: 'exit-bench', ...env },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve(performance.now() - start)
        : reject(new Error(`exit ${code}`)),
    );
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  );
});
const sockets: Socket[] = [];
const hanging = createTcpServer(s => sockets.push(s));
const sinkPort = await listen(sink);
const hangPort = await listen(hanging);

const REGISTER = ['--import', '@x/llm-otel/register'];
const up = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}` };
const down = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' };
const stuck = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${hangPort}` };
const modes: Array<[string, string[], Record<string, string>, string?]> = [
  ['no register (baseline)', [], {}],
  ['register, OTEL_SDK_DISABLED=true', REGISTER, { OTEL_SDK_DISABLED: 'true' }],
  ['register, collector up', REGISTER, up],
  ['register, collector down (refused)', REGISTER, down],
  ['register, collector hangs', REGISTER, stuck],
  ['process.exit(): no register', [], {}, EXIT_APP],
  ['process.exit(): register, collector up', REGISTER, up, EXIT_APP],
  ['process.exit(): register, refused', REGISTER, down, EXIT_APP],
  ['process.exit(): register, hangs', REGISTER, stuck, EXIT_APP],
];
const times = new Map<string, number[]>(modes.map(([name]) => [name, []]));
try {
  for (let i = 0; i < RUNS; i++) {
    for (let m = 0; m < modes.length; m++) {
      const [name, args, env, app] = modes[(m + i) % modes.length]!;
      times.get(name)!.push(await run(args, env, app ?? APP));
    }
  }
} finally {
  sink.close();
  for (const s of sockets) s.destroy();
  hanging.close();
}
// Each app against its own baseline (the first mode that runs it).
const baseOf = (name: string): number => {
  const app = modes.find(([n]) => n === name)![3];
  return median(times.get(modes.find(m => m[3] === app)![0])!);
};
console.log(
  `app start-to-exit, ${RUNS} runs per mode, median (node ${process.version})`,
);
for (const [name] of modes) {
  const t = median(times.get(name)!);
  const base = baseOf(name);
  const delta = name.includes('no register')
    ? ''
    : `  (+${Math.round(t - base)} ms)`;
  console.log(
    `  ${name.padEnd(40)} ${Math.round(t).toString().padStart(5)} ms${delta}`,
  );
}
