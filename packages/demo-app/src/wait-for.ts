#!/usr/bin/env node
// Waits until every URL answers 2xx, for docker-compose start ordering of
// images that have no shell for a healthcheck (the Collector's is distroless).
//   node dist/wait-for.js [--timeout-seconds N] URL...
// Exit 0 when all are up, 1 when the timeout passes first.
import { setTimeout as sleep } from 'node:timers/promises';

async function up(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let timeoutSeconds = 120;
  if (args[0] === '--timeout-seconds') {
    timeoutSeconds = Number(args[1]);
    args.splice(0, 2);
  }
  const deadline = Date.now() + timeoutSeconds * 1000;
  const pending = new Set(args);
  while (pending.size > 0) {
    for (const url of [...pending]) if (await up(url)) pending.delete(url);
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      console.error(
        `not up after ${timeoutSeconds}s: ${[...pending].join(' ')}`,
      );
      process.exitCode = 1;
      return;
    }
    await sleep(1000);
  }
  console.log(`up: ${args.join(' ')}`);
}

void main();
