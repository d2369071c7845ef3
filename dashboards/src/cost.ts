// Cost: where the money goes (feature, model, provider), what a successful call
// costs, how each feature tracks its daily budget, and what is not priced at all.
import { dashboard } from './dashboard.js';
import { bargauge, prom, row, stat, table, timeseries } from './panels.js';
import { SEL_FEATURE, sel } from './selectors.js';

const R = '$__rate_interval';

const BUDGET_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 0.8 },
  { color: 'red', value: 1 },
];
const UNPRICED_STEPS = [
  { color: 'green', value: null },
  { color: 'red', value: 1 },
];
/** Series of models the price table does not know (a call counted as unpriced). */
const UNPRICED = `llm_unpriced_calls_total${sel()}`;

export const cost = dashboard({
  uid: 'llm-otel-cost',
  title: 'LLM cost',
  description:
    'LLM spend by feature, model and provider; cost per successful call; daily budgets; unpriced calls and tokens.',
  panels: [
    row('Spend'),
    stat({
      title: 'Spend over the range',
      description:
        'USD spent over the selected time range (priced models only).',
      unit: 'currencyUSD',
      decimals: 2,
      target: prom(`sum(increase(llm_cost_usd_total${sel()}[$__range]))`),
    }),
    stat({
      title: 'Cost per hour',
      description: 'USD per hour at the current pace.',
      unit: 'currencyUSD',
      decimals: 2,
      target: prom(`3600 * sum(rate(llm_cost_usd_total${sel()}[${R}]))`),
    }),
    stat({
      title: 'Cost per successful call',
      description:
        'All spend over the range (failed attempts too) divided by the calls that succeeded.',
      unit: 'currencyUSD',
      decimals: 5,
      target: prom(
        `sum(increase(llm_cost_usd_total${sel()}[$__range])) / sum(increase(llm_calls_total${sel('outcome="success"')}[$__range]))`,
      ),
    }),
    stat({
      title: 'Unpriced calls',
      description:
        'Calls over the range whose model is not in the price table: their cost is unknown, not zero. Add the model to collector/prices/.',
      unit: 'short',
      thresholds: UNPRICED_STEPS,
      target: prom(`sum(increase(${UNPRICED}[$__range]))`),
    }),
    stat({
      title: 'Unpriced tokens',
      description:
        'Input plus output tokens over the range sent to models without a price.',
      unit: 'short',
      thresholds: UNPRICED_STEPS,
      target: prom(
        `sum(increase(llm_tokens_total${sel('token_type=~"input|output"')}[$__range]) and on (service_name, feature, provider, model) ${UNPRICED})`,
      ),
    }),
    stat({
      title: 'Tokens over the range',
      description: 'Input plus output tokens over the range, all models.',
      unit: 'short',
      target: prom(
        `sum(increase(llm_tokens_total${sel('token_type=~"input|output"')}[$__range]))`,
      ),
    }),
    timeseries({
      title: 'Cost per hour by feature',
      description: 'USD per hour, stacked by feature.',
      unit: 'currencyUSD',
      stack: true,
      w: 8,
      targets: [
        prom(
          `3600 * sum by (feature) (rate(llm_cost_usd_total${sel()}[${R}]))`,
          { legend: '{{feature}}' },
        ),
      ],
    }),
    timeseries({
      title: 'Cost per hour by model',
      description: 'USD per hour, stacked by provider and model.',
      unit: 'currencyUSD',
      stack: true,
      w: 8,
      targets: [
        prom(
          `3600 * sum by (provider, model) (rate(llm_cost_usd_total${sel()}[${R}]))`,
          {
            legend: '{{provider}}/{{model}}',
          },
        ),
      ],
    }),
    timeseries({
      title: 'Cost per hour by provider',
      description: 'USD per hour, stacked by provider.',
      unit: 'currencyUSD',
      stack: true,
      w: 8,
      targets: [
        prom(
          `3600 * sum by (provider) (rate(llm_cost_usd_total${sel()}[${R}]))`,
          { legend: '{{provider}}' },
        ),
      ],
    }),
    bargauge({
      title: 'Cost per successful call by feature × model',
      description:
        'Over the selected range. Failed attempts cost too, so retries and errors raise it.',
      unit: 'currencyUSD',
      decimals: 5,
      targets: [
        prom(
          `sum by (feature, model) (increase(llm_cost_usd_total${sel()}[$__range])) / (sum by (feature, model) (increase(llm_calls_total${sel('outcome="success"')}[$__range])) > 0)`,
          {
            instant: true,
            format: 'time_series',
            legend: '{{feature}} · {{model}}',
          },
        ),
      ],
    }),
    bargauge({
      title: 'Spend by feature over the range',
      description: 'USD spent per feature over the selected time range.',
      unit: 'currencyUSD',
      decimals: 2,
      targets: [
        prom(
          `sum by (feature) (increase(llm_cost_usd_total${sel()}[$__range]))`,
          {
            instant: true,
            format: 'time_series',
            legend: '{{feature}}',
          },
        ),
      ],
    }),
    row('Daily budgets (collector/prometheus/rules/llm-otel-budgets.yml)'),
    bargauge({
      title: 'Daily budget used (last 24 h)',
      description:
        'Spend over the last 24 hours as a share of each feature\u2019s daily budget. Orange from 80 %, red from 100 % (LlmCostBudgetExceeded).',
      unit: 'percentunit',
      min: 0,
      thresholds: BUDGET_STEPS,
      targets: [
        prom(`feature:llm_cost_budget_used:ratio_increase1d${SEL_FEATURE}`, {
          instant: true,
          format: 'time_series',
          legend: '{{feature}}',
        }),
      ],
    }),
    timeseries({
      title: 'Projected daily spend vs budget',
      description:
        'Spend per day at the last hour\u2019s pace, and each feature\u2019s budget. Projected above budget for 15 minutes fires LlmCostBudgetBurnHigh.',
      unit: 'currencyUSD',
      targets: [
        prom(`feature:llm_cost_usd_per_day:rate1h${SEL_FEATURE}`, {
          legend: '{{feature}} projected',
        }),
        prom(`feature:llm_cost_budget_usd_per_day:effective${SEL_FEATURE}`, {
          legend: '{{feature}} budget',
        }),
      ],
    }),
    row('Unpriced models'),
    table({
      title: 'Unpriced models over the range',
      description:
        'Models called without an entry in the price table (llm_unpriced_calls_total), with the tokens they used. Add them to collector/prices/prices.json or overrides.json.',
      labels: ['service_name', 'feature', 'provider', 'model'],
      columns: [
        {
          name: 'Calls',
          unit: 'short',
          target: prom(
            `sum by (service_name, feature, provider, model) (increase(${UNPRICED}[$__range]))`,
            {
              instant: true,
            },
          ),
        },
        {
          name: 'Input tokens',
          unit: 'short',
          target: prom(
            `sum by (service_name, feature, provider, model) (increase(llm_tokens_total${sel('token_type="input"')}[$__range]) and on (service_name, feature, provider, model) ${UNPRICED})`,
            { instant: true },
          ),
        },
        {
          name: 'Output tokens',
          unit: 'short',
          target: prom(
            `sum by (service_name, feature, provider, model) (increase(llm_tokens_total${sel('token_type="output"')}[$__range]) and on (service_name, feature, provider, model) ${UNPRICED})`,
            { instant: true },
          ),
        },
      ],
    }),
  ],
});
