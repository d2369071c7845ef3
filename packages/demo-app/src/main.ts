#!/usr/bin/env node
// The llm-otel demo app: rounds of varied LLM calls against @x/mock-llm until
// the duration or round limit, or SIGTERM/SIGINT. Run it under register:
//   node --import @x/llm-otel/register packages/demo-app/dist/main.js --duration 60
// It ends by letting the event loop drain (no process.exit), so register's
// exit flush sends the last spans, and prints what it did as one JSON line.
import { setTimeout as sleep } from 'node:timers/promises';
import { runRound } from './call-kinds.js';
import { createClients } from './clients.js';
import { parseDemoOptions, USAGE } from './demo-options.js';
import { Tally } from './tally.js';

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const options = parseDemoOptions(process.argv.slice(2), process.env);
  const clients = createClients(options);
  const tally = new Tally();
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  // Our own handlers: finish the round in flight, then end normally (exit 0).
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const deadline =
    options.durationSeconds > 0
      ? Date.now() + options.durationSeconds * 1000
      : Infinity;

  console.log(
    `llm-otel demo: ${options.rounds > 0 ? `${options.rounds} rounds` : 'unbounded rounds'}, ` +
      `${options.durationSeconds > 0 ? `${options.durationSeconds}s` : 'until SIGTERM'}; ready`,
  );
  let round = 0;
  while (
    !stop.signal.aborted &&
    Date.now() < deadline &&
    (options.rounds === 0 || round < options.rounds)
  ) {
    await runRound({
      clients,
      round,
      scale: options.timeScale,
      record: (kind, result) => tally.add(kind, result),
    });
    round++;
    // A sign of life for `docker compose logs demo-app`.
    if (round % 20 === 0) console.log(`round ${round}: ${tally.brief()}`);
    if (options.pauseMillis > 0 && round !== options.rounds) {
      await sleep(options.pauseMillis, undefined, {
        signal: stop.signal,
      }).catch(() => undefined);
    }
  }
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('SIGINT', onSignal);
  console.log(JSON.stringify({ rounds: round, calls: tally.toJSON() }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
