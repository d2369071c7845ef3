// Runs a Node child process to completion and returns its output. Bounded:
// a child that does not exit within the limit is killed and the test fails.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;
export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

export interface NodeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runNode(
  args: string[],
  env: Record<string, string>,
  limitMillis = 30_000,
  /** Sends this signal once stdout contains `ready`. */
  signalWhenReady?: NodeJS.Signals,
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (
        signalWhenReady !== undefined &&
        !signalled &&
        stdout.includes('ready')
      ) {
        signalled = true;
        child.kill(signalWhenReady);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit: ${args.join(' ')}\n${stderr}`));
    }, limitMillis);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Builds @x/llm-otel once if its dist is missing (CI builds before tests). */
export function ensureBuilt(): void {
  const pkg = `${REPO_ROOT}packages/llm-otel`;
  if (
    existsSync(`${pkg}/dist/esm/register.js`) &&
    existsSync(`${pkg}/dist/cjs/register.js`)
  )
    return;
  const run = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: pkg,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('build of @x/llm-otel failed');
}
