// Golden signals overview: is the LLM layer healthy right now, and since when not?
import { dashboard } from './dashboard.js';
import { PERCENT_OK, prom, row, stat, timeseries } from './panels.js';
import { sel } from './selectors.js';

const R = '$__rate_interval';

const LATENCY_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 8 },
  { color: 'red', value: 15 },
];
const TTFT_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 2 },
  { color: 'red', value: 5 },
];
const COST_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 10 },
  { color: 'red', value: 50 },
];

export const goldenSignals = dashboard({
  uid: 'llm-otel-golden-signals',
  title: 'LLM golden signals',
  description:
    'Success rate, latency, time to first token, throughput and cost of every LLM call (llm-otel).',
  panels: [
    row('Now'),
    stat({
      title: 'Success rate',
      description:
        'Share of LLM calls (attempts) that succeeded. Red under 95 %, orange under 99 %.',
      unit: 'percentunit',
      decimals: 2,
      thresholds: PERCENT_OK,
      target: prom(
        `sum(rate(llm_calls_total${sel('outcome="success"')}[${R}])) / sum(rate(llm_calls_total${sel()}[${R}]))`,
      ),
    }),
    stat({
      title: 'Latency p95',
      description:
        '95th percentile duration of all calls. Orange from 8 s, red from 15 s (the SLO threshold).',
      unit: 's',
      thresholds: LATENCY_STEPS,
      target: prom(
        `histogram_quantile(0.95, sum by (le) (rate(llm_duration_seconds_bucket${sel()}[${R}])))`,
      ),
    }),
    stat({
      title: 'Time to first token p95',
      description:
        '95th percentile time to the first chunk of streamed responses. Orange from 2 s, red from 5 s.',
      unit: 's',
      thresholds: TTFT_STEPS,
      target: prom(
        `histogram_quantile(0.95, sum by (le) (rate(llm_ttft_seconds_bucket${sel()}[${R}])))`,
      ),
    }),
    stat({
      title: 'Throughput',
      description: 'LLM calls (attempts, retries included) per second.',
      unit: 'reqps',
      target: prom(`sum(rate(llm_calls_total${sel()}[${R}]))`),
    }),
    stat({
      title: 'Tokens per second',
      description: 'Input plus output tokens per second.',
      unit: 'short',
      target: prom(
        `sum(rate(llm_tokens_total${sel('token_type=~"input|output"')}[${R}]))`,
      ),
    }),
    stat({
      title: 'Cost per hour',
      description:
        'USD per hour at the current pace (priced models only; see the Cost dashboard for unpriced calls). Orange from $10/h, red from $50/h.',
      unit: 'currencyUSD',
      decimals: 2,
      thresholds: COST_STEPS,
      target: prom(`3600 * sum(rate(llm_cost_usd_total${sel()}[${R}]))`),
    }),
    row('Over time'),
    timeseries({
      title: 'Success rate by feature',
      description:
        'Share of calls that succeeded, per feature. Dashed lines: 95 % and 99 %.',
      unit: 'percentunit',
      max: 1,
      thresholds: PERCENT_OK,
      showThresholds: true,
      targets: [
        prom(
          `sum by (feature) (rate(llm_calls_total${sel('outcome="success"')}[${R}])) / sum by (feature) (rate(llm_calls_total${sel()}[${R}]))`,
          { legend: '{{feature}}' },
        ),
      ],
    }),
    timeseries({
      title: 'Latency p50 / p95 / p99',
      description:
        'Call duration percentiles. Exemplar dots open the trace in Jaeger.',
      unit: 's',
      thresholds: LATENCY_STEPS,
      showThresholds: true,
      targets: [0.5, 0.95, 0.99].map(q =>
        prom(
          `histogram_quantile(${q}, sum by (le) (rate(llm_duration_seconds_bucket${sel()}[${R}])))`,
          { legend: `p${Math.round(q * 100)}`, exemplar: q === 0.95 },
        ),
      ),
    }),
    timeseries({
      title: 'Latency p95 by model',
      description:
        '95th percentile call duration per provider and model. Exemplar dots open the trace.',
      unit: 's',
      targets: [
        prom(
          `histogram_quantile(0.95, sum by (provider, model, le) (rate(llm_duration_seconds_bucket${sel()}[${R}])))`,
          { legend: '{{provider}}/{{model}}', exemplar: true },
        ),
      ],
    }),
    timeseries({
      title: 'Time to first token p95 by model',
      description:
        '95th percentile time to first chunk of streamed responses, per provider and model.',
      unit: 's',
      thresholds: TTFT_STEPS,
      showThresholds: true,
      targets: [
        prom(
          `histogram_quantile(0.95, sum by (provider, model, le) (rate(llm_ttft_seconds_bucket${sel()}[${R}])))`,
          { legend: '{{provider}}/{{model}}' },
        ),
      ],
    }),
    timeseries({
      title: 'Throughput by outcome',
      description:
        'Calls per second, stacked by outcome (success and each error class).',
      unit: 'reqps',
      stack: true,
      targets: [
        prom(`sum by (outcome) (rate(llm_calls_total${sel()}[${R}]))`, {
          legend: '{{outcome}}',
        }),
      ],
    }),
    timeseries({
      title: 'Tokens per second by type',
      description:
        'Tokens per second by type. Input includes cache reads and writes; output includes reasoning.',
      unit: 'short',
      targets: [
        prom(`sum by (token_type) (rate(llm_tokens_total${sel()}[${R}]))`, {
          legend: '{{token_type}}',
        }),
      ],
    }),
    timeseries({
      title: 'Cost per hour by feature',
      description:
        'USD per hour at each moment\u2019s pace, stacked by feature.',
      unit: 'currencyUSD',
      stack: true,
      targets: [
        prom(
          `3600 * sum by (feature) (rate(llm_cost_usd_total${sel()}[${R}]))`,
          {
            legend: '{{feature}}',
          },
        ),
      ],
    }),
    timeseries({
      title: 'Cost per hour by model',
      description: 'USD per hour, stacked by provider and model.',
      unit: 'currencyUSD',
      stack: true,
      targets: [
        prom(
          `3600 * sum by (provider, model) (rate(llm_cost_usd_total${sel()}[${R}]))`,
          {
            legend: '{{provider}}/{{model}}',
          },
        ),
      ],
    }),
  ],
});
