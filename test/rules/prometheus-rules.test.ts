// The shipped Prometheus rules are valid, every recording and alert rule has a
// promtool unit test, and those tests pass (with the promtool that
// collector/build/build-backends.sh builds).
//   bash collector/build/build-backends.sh && npm run test:e2e
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse } from 'yaml';
import { backendBin } from '../e2e/backends/backend-bin-dir.js';

const RULES = fileURLToPath(
  new URL('../../collector/prometheus/rules/', import.meta.url),
);
const TESTS = join(RULES, 'tests');

const ruleFiles = readdirSync(RULES)
  .filter(f => f.endsWith('.yml'))
  .sort()
  .map(f => join(RULES, f));
const testFiles = readdirSync(TESTS)
  .filter(f => f.endsWith('.test.yml'))
  .sort()
  .map(f => join(TESTS, f));

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string }[] }[];
}
interface UnitTestFile {
  rule_files: string[];
  tests: {
    promql_expr_test?: { expr: string }[];
    alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
  }[];
}

function promtool(args: string[]): { ok: boolean; out: string } {
  try {
    const out = execFileSync(backendBin('promtool'), args, {
      cwd: RULES,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    return { ok: true, out };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function rulesIn(kind: 'record' | 'alert'): string[] {
  return ruleFiles.flatMap(f =>
    (parse(readFileSync(f, 'utf8')) as RuleFile).groups.flatMap(g =>
      g.rules.flatMap(r => (r[kind] === undefined ? [] : [r[kind]])),
    ),
  );
}

const unitTests = testFiles.map(
  f => parse(readFileSync(f, 'utf8')) as UnitTestFile,
);

void test('the shipped rule files are the three llm-otel files', () => {
  assert.deepEqual(
    ruleFiles.map(f => f.slice(RULES.length)),
    ['llm-otel-alerts.yml', 'llm-otel-budgets.yml', 'llm-otel-recording.yml'],
  );
});

void test('promtool check rules accepts every rule file', () => {
  const { ok, out } = promtool(['check', 'rules', ...ruleFiles]);
  assert.ok(ok, out);
  assert.match(out, /llm-otel-recording\.yml\n {2}SUCCESS: 24 rules found/);
  assert.match(out, /llm-otel-alerts\.yml\n {2}SUCCESS: 8 rules found/);
  assert.match(out, /llm-otel-budgets\.yml\n {2}SUCCESS: 3 rules found/);
});

void test('every unit-test file loads every shipped rule file it needs', () => {
  for (const [i, t] of unitTests.entries()) {
    for (const f of t.rule_files) {
      assert.ok(
        ruleFiles.includes(join(TESTS, f)),
        `${testFiles[i]}: ${f} is not a shipped rule file`,
      );
    }
  }
});

void test('every recording rule is evaluated by a promql_expr_test', () => {
  const tested = new Set(
    unitTests.flatMap(t =>
      t.tests.flatMap(g => (g.promql_expr_test ?? []).map(e => e.expr.trim())),
    ),
  );
  const records = rulesIn('record');
  assert.equal(new Set(records).size, 26); // two `configured` budgets share a name
  assert.deepEqual(
    [...new Set(records)].filter(r => !tested.has(r)),
    [],
    'recording rules without a test',
  );
});

void test('every alert rule has a test that expects it to fire and one that expects silence', () => {
  const cases = unitTests.flatMap(t =>
    t.tests.flatMap(g => g.alert_rule_test ?? []),
  );
  const alerts = rulesIn('alert');
  assert.deepEqual(alerts, [
    'LlmHighErrorRate',
    'LlmSloErrorBudgetBurnFast',
    'LlmSloErrorBudgetBurnSlow',
    'LlmSlowTimeToFirstToken',
    'LlmRateLimitedSustained',
    'LlmCostBudgetBurnHigh',
    'LlmCostBudgetExceeded',
    'LlmUnpricedModelSeen',
  ]);
  for (const alert of alerts) {
    const mine = cases.filter(c => c.alertname === alert);
    assert.ok(
      mine.some(c => c.exp_alerts.length > 0),
      `${alert}: no test expects it to fire`,
    );
    assert.ok(
      mine.some(c => c.exp_alerts.length === 0),
      `${alert}: no test expects it to stay quiet`,
    );
  }
});

void test('promtool test rules passes every unit-test file', () => {
  const { ok, out } = promtool(['test', 'rules', ...testFiles]);
  assert.ok(ok, out);
  assert.equal(out.match(/ {2}SUCCESS/g)?.length, testFiles.length, out);
});
