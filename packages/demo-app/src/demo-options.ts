// Options from flags or environment (flags win), so the same app runs in
// docker-compose (env) and in a test or terminal (flags).

export interface DemoOptions {
  /** Stop after this many seconds; 0 = run until SIGTERM/SIGINT. */
  readonly durationSeconds: number;
  /** Stop after this many rounds; 0 = no limit. */
  readonly rounds: number;
  /** Pause between rounds, ms. */
  readonly pauseMillis: number;
  /** Multiplies every simulated latency (0.1 = ten times faster). */
  readonly timeScale: number;
  readonly openaiBaseUrl: string;
  readonly anthropicBaseUrl: string;
  readonly geminiBaseUrl: string;
}

export const USAGE = `llm-otel demo: varied LLM traffic against @x/mock-llm
  node --import @x/llm-otel/register dist/main.js [flags]

  --mock-url URL        mock server (env MOCK_LLM_URL, default http://127.0.0.1:8080)
  --duration SECONDS    stop after this long, 0 = until SIGTERM (env DEMO_DURATION_SECONDS, default 0)
  --rounds N            stop after N rounds, 0 = no limit (env DEMO_ROUNDS, default 0)
  --pause-ms MS         pause between rounds (env DEMO_PAUSE_MS, default 1000)
  --time-scale X        scale simulated latencies (env DEMO_TIME_SCALE, default 1)
  Per-provider base URLs (default: the mock URL): DEMO_OPENAI_BASE_URL (with /v1),
  DEMO_ANTHROPIC_BASE_URL, DEMO_GEMINI_BASE_URL.`;

const FLAGS: Readonly<Record<string, string>> = {
  '--mock-url': 'MOCK_LLM_URL',
  '--duration': 'DEMO_DURATION_SECONDS',
  '--rounds': 'DEMO_ROUNDS',
  '--pause-ms': 'DEMO_PAUSE_MS',
  '--time-scale': 'DEMO_TIME_SCALE',
};

function number(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new Error(`${name} needs a number >= 0, got "${value}"`);
  return n;
}

/** Parses argv (without node and script) over env. Throws on a bad flag. */
export function parseDemoOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DemoOptions {
  const values: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const key = FLAGS[flag];
    const value = argv[i + 1];
    if (key === undefined || value === undefined)
      throw new Error(`unknown or incomplete flag ${flag}\n${USAGE}`);
    values[key] = value;
    i++;
  }
  const mock = (values['MOCK_LLM_URL'] ?? 'http://127.0.0.1:8080').replace(
    /\/+$/,
    '',
  );
  return {
    durationSeconds: number(
      'DEMO_DURATION_SECONDS',
      values['DEMO_DURATION_SECONDS'] ?? '0',
    ),
    rounds: number('DEMO_ROUNDS', values['DEMO_ROUNDS'] ?? '0'),
    pauseMillis: number('DEMO_PAUSE_MS', values['DEMO_PAUSE_MS'] ?? '1000'),
    timeScale: number('DEMO_TIME_SCALE', values['DEMO_TIME_SCALE'] ?? '1'),
    openaiBaseUrl: values['DEMO_OPENAI_BASE_URL'] ?? `${mock}/v1`,
    anthropicBaseUrl: values['DEMO_ANTHROPIC_BASE_URL'] ?? mock,
    geminiBaseUrl: values['DEMO_GEMINI_BASE_URL'] ?? mock,
  };
}
