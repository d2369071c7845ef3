// Feature x model: what each feature costs and gets from each model, so you can
// see which model is effective for which feature.
import { dashboard } from './dashboard.js';
import { PERCENT_OK, bargauge, prom, table, timeseries } from './panels.js';
import { sel } from './selectors.js';

const R = '$__rate_interval';
const BY = 'feature, provider, model';

/** Success share over the range; 0 (not "no data") for a pair with no success. */
const successRatio = (window: string): string =>
  `(sum by (${BY}) (increase(llm_calls_total${sel('outcome="success"')}[${window}])) or 0 * sum by (${BY}) (increase(llm_calls_total${sel()}[${window}]))) / sum by (${BY}) (increase(llm_calls_total${sel()}[${window}]))`;

const costPerSuccess = `sum by (${BY}) (increase(llm_cost_usd_total${sel()}[$__range])) / (sum by (${BY}) (increase(llm_calls_total${sel('outcome="success"')}[$__range])) > 0)`;

export const featureModel = dashboard({
  uid: 'llm-otel-feature-model',
  title: 'LLM feature × model',
  description:
    'Cost, tokens, latency and errors of every feature on every model: which model is effective for which feature.',
  panels: [
    table({
      title: 'Feature × model over the selected range',
      description:
        'One row per feature and model. Compare success rate, p95 latency and cost per successful call of the models a feature uses.',
      labels: ['feature', 'provider', 'model'],
      columns: [
        {
          name: 'Calls',
          unit: 'short',
          target: prom(
            `sum by (${BY}) (increase(llm_calls_total${sel()}[$__range]))`,
            { instant: true },
          ),
        },
        {
          name: 'Success rate',
          unit: 'percentunit',
          target: prom(successRatio('$__range'), { instant: true }),
        },
        {
          name: 'Latency p95',
          unit: 's',
          target: prom(
            `histogram_quantile(0.95, sum by (${BY}, le) (increase(llm_duration_seconds_bucket${sel()}[$__range])))`,
            { instant: true },
          ),
        },
        {
          name: 'Input tokens',
          unit: 'short',
          target: prom(
            `sum by (${BY}) (increase(llm_tokens_total${sel('token_type="input"')}[$__range]))`,
            { instant: true },
          ),
        },
        {
          name: 'Output tokens',
          unit: 'short',
          target: prom(
            `sum by (${BY}) (increase(llm_tokens_total${sel('token_type="output"')}[$__range]))`,
            { instant: true },
          ),
        },
        {
          name: 'Cost',
          unit: 'currencyUSD',
          target: prom(
            `sum by (${BY}) (increase(llm_cost_usd_total${sel()}[$__range]))`,
            { instant: true },
          ),
        },
        {
          name: 'Cost per successful call',
          unit: 'currencyUSD',
          target: prom(costPerSuccess, { instant: true }),
        },
      ],
    }),
    bargauge({
      title: 'Cost per successful call',
      description:
        'All spend (failed attempts included) divided by the calls that succeeded, over the selected range. Lower is better.',
      unit: 'currencyUSD',
      decimals: 5,
      targets: [
        prom(costPerSuccess, {
          instant: true,
          format: 'time_series',
          legend: '{{feature}} · {{model}}',
        }),
      ],
    }),
    bargauge({
      title: 'Success rate',
      description:
        'Share of calls that succeeded over the selected range. Red under 95 %, orange under 99 %.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholds: PERCENT_OK,
      targets: [
        prom(successRatio('$__range'), {
          instant: true,
          format: 'time_series',
          legend: '{{feature}} · {{model}}',
        }),
      ],
    }),
    timeseries({
      title: 'Cost per hour by feature × model',
      description: 'USD per hour at each moment\u2019s pace.',
      unit: 'currencyUSD',
      targets: [
        prom(`3600 * sum by (${BY}) (rate(llm_cost_usd_total${sel()}[${R}]))`, {
          legend: '{{feature}} · {{provider}}/{{model}}',
        }),
      ],
    }),
    timeseries({
      title: 'Latency p95 by feature × model',
      description:
        '95th percentile call duration. Exemplar dots open the trace in Jaeger.',
      unit: 's',
      targets: [
        prom(
          `histogram_quantile(0.95, sum by (${BY}, le) (rate(llm_duration_seconds_bucket${sel()}[${R}])))`,
          { legend: '{{feature}} · {{provider}}/{{model}}', exemplar: true },
        ),
      ],
    }),
    timeseries({
      title: 'Error rate by feature × model',
      description:
        'Share of calls that failed (every error class but canceled).',
      unit: 'percentunit',
      targets: [
        prom(
          `(sum by (${BY}) (rate(llm_calls_total${sel('outcome!~"success|canceled"')}[${R}])) or 0 * sum by (${BY}) (rate(llm_calls_total${sel()}[${R}]))) / sum by (${BY}) (rate(llm_calls_total${sel()}[${R}]))`,
          { legend: '{{feature}} · {{provider}}/{{model}}' },
        ),
      ],
    }),
    timeseries({
      title: 'Tokens per second by feature × model',
      description: 'Input plus output tokens per second.',
      unit: 'short',
      targets: [
        prom(
          `sum by (${BY}) (rate(llm_tokens_total${sel('token_type=~"input|output"')}[${R}]))`,
          { legend: '{{feature}} · {{provider}}/{{model}}' },
        ),
      ],
    }),
  ],
});
