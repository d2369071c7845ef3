import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { expectedText } from '../src/index.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

void describe('mock-llm CLI', () => {
  void it('npx @x/mock-llm --help runs the built CLI through the installed bin link', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const out = spawnSync('npx', ['--no-install', '@x/mock-llm', '--help'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(out.status, 0, out.stderr);
    assert.ok(
      out.stdout.startsWith('Usage: mock-llm [--port 8080]'),
      out.stdout,
    );
  });

  void it('--help lists the scenarios, faults and OCI routes', () => {
    const out = spawnSync(
      process.execPath,
      ['--import', 'tsx', CLI, '--help'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(out.status, 0);
    for (const word of [
      'x-mock-scenario',
      'ttft=MS',
      '429',
      'overloaded',
      'hang',
      'malformed',
      'truncated',
      'cut',
      'slow',
      '/20231130/actions/chat',
      '/20231130/actions/embedText',
      '/20231130/actions/generateText',
    ]) {
      assert.ok(out.stdout.includes(word), word);
    }
  });

  void it('serves on the given port with the given seed and scenario, and exits on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        '--port',
        '0',
        '--seed',
        '2',
        '--scenario',
        'tokens=3',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      child.stdout.setEncoding('utf8');
      const [line] = (await once(child.stdout, 'data')) as [string];
      const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
      assert.ok(url);
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      const json = (await res.json()) as {
        choices: Array<{ message: { content: string } }>;
      };
      assert.equal(
        json.choices[0]?.message.content,
        expectedText({ seed: 2, scenario: 'tokens=3' }),
      );
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
