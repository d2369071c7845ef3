// The README quickstart, run as written: the `node --import` command of its
// first block, from the repository root, after the `npm ci && npm run build`
// that CI has already run. The console span exporter's output is read back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { expectedText, expectedUsage } from '@x/mock-llm';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function quickstartBlock(): string[] {
  const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
  const section = readme.split('\n## Quickstart\n')[1] ?? '';
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, '')
    .trim()
    .split('\n');
}

// The app's own environment, without any OTEL_* setting of the test runner.
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('OTEL_') && !key.startsWith('LLM_OTEL_'))
      env[key] = value;
  }
  return env;
}

void describe('README quickstart', () => {
  void it('is the build, then one node --import @x/llm-otel/register command', () => {
    const lines = quickstartBlock();
    assert.equal(lines.length, 2);
    assert.equal(lines[0], 'npm ci && npm run build');
    assert.match(lines[1] ?? '', /node --import @x\/llm-otel\/register /);
  });

  void it('prints the answer and a chat span with exact usage, as written', () => {
    const command = quickstartBlock()[1] ?? '';
    const out = spawnSync('bash', ['-c', command], {
      cwd: ROOT,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(out.status, 0, out.stderr);
    const body = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello' }],
    };
    const usage = expectedUsage({ body });
    const lines = out.stdout.split('\n');
    // The span may print before or after the answer: it is exported when it ends.
    assert.ok(lines.includes(expectedText({ body })), out.stdout);
    const span = (key: string): string | undefined =>
      lines.find(line => line.trimStart().startsWith(`'${key}': `))?.trim();
    assert.deepEqual(
      {
        name: lines.find(l => l.trimStart().startsWith('name: '))?.trim(),
        operation: span('gen_ai.operation.name'),
        model: span('gen_ai.request.model'),
        stream: span('gen_ai.request.stream'),
        input: span('gen_ai.usage.input_tokens'),
        output: span('gen_ai.usage.output_tokens'),
        outcome: span('llm_otel.outcome'),
        service: span('service.name'),
      },
      {
        name: "name: 'chat gpt-4o-mini',",
        operation: "'gen_ai.operation.name': 'chat',",
        model: "'gen_ai.request.model': 'gpt-4o-mini',",
        stream: "'gen_ai.request.stream': true,",
        input: `'gen_ai.usage.input_tokens': ${usage.inputTokens},`,
        output: `'gen_ai.usage.output_tokens': ${usage.outputTokens},`,
        outcome: "'llm_otel.outcome': 'success',",
        service: "'service.name': 'quickstart',",
      },
    );
    assert.match(out.stdout, /'gen_ai\.response\.time_to_first_chunk': 0\.\d+/);
  });
});
