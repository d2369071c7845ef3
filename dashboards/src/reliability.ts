// Reliability: which errors, where, how often the provider rate limits us, what
// retries and timeouts do, and how fast the SLO error budget burns.
import { dashboard } from './dashboard.js';
import {
  jaegerSearch,
  prom,
  row,
  stat,
  timeseries,
  traceTable,
} from './panels.js';
import { SEL_SERVICE_FEATURE, sel } from './selectors.js';

/** Every llm_otel.outcome but success (collector/CONTRACT.md). */
const NOT_SUCCESS = [
  'rate_limited',
  'timeout',
  'server_error',
  'client_error',
  'canceled',
  'network_error',
] as const;

const R = '$__rate_interval';

const ERROR_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 0.01 },
  { color: 'red', value: 0.05 },
];
const RATE_LIMIT_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 0.02 },
  { color: 'red', value: 0.1 },
];
/** Burn rates of the multi-window alerts (llm-otel-alerts.yml): 6x slow, 14.4x fast. */
const BURN_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 6 },
  { color: 'red', value: 14.4 },
];

export const reliability = dashboard({
  uid: 'llm-otel-reliability',
  title: 'LLM reliability',
  description:
    'Error classes, rate limiting, retries, timeouts and the SLO error budget of LLM calls.',
  panels: [
    row('Now'),
    stat({
      title: 'Error rate',
      description:
        'Share of calls that failed, every error class but canceled. Red from 5 % (LlmHighErrorRate).',
      unit: 'percentunit',
      decimals: 2,
      thresholds: ERROR_STEPS,
      target: prom(
        `sum(rate(llm_calls_total${sel('outcome!~"success|canceled"')}[${R}])) / sum(rate(llm_calls_total${sel()}[${R}]))`,
      ),
    }),
    stat({
      title: 'Rate limited',
      description:
        'Share of attempts answered with a rate-limit error (429). Red from 10 % (LlmRateLimitedSustained).',
      unit: 'percentunit',
      decimals: 2,
      thresholds: RATE_LIMIT_STEPS,
      target: prom(
        `sum(rate(llm_calls_total${sel('outcome="rate_limited"')}[${R}])) / sum(rate(llm_calls_total${sel()}[${R}]))`,
      ),
    }),
    stat({
      title: 'Timeouts over the range',
      description: 'Calls that timed out over the selected range.',
      unit: 'short',
      target: prom(
        `sum(increase(llm_calls_total${sel('outcome="timeout"')}[$__range]))`,
      ),
    }),
    stat({
      title: 'Retries over the range',
      description:
        'Retry attempts (attempt > 0, as the SDK numbers them) over the selected range.',
      unit: 'short',
      target: prom(`sum(increase(llm_retries_total${sel()}[$__range]))`),
    }),
    stat({
      title: 'Worst SLO burn rate (1 h)',
      description:
        'Highest error-budget burn rate over the last hour among the selected features (SLO: 99 % of calls succeed within 15 s). 14.4 pages, 6 warns.',
      unit: 'x',
      decimals: 1,
      thresholds: BURN_STEPS,
      target: prom(
        `max(service_feature:llm_slo_bad_calls:ratio_rate1h${SEL_SERVICE_FEATURE}) / 0.01`,
      ),
    }),
    stat({
      title: 'Server errors over the range',
      description:
        'Calls that failed with a provider server error (5xx, overloaded) over the selected range.',
      unit: 'short',
      target: prom(
        `sum(increase(llm_calls_total${sel('outcome="server_error"')}[$__range]))`,
      ),
    }),
    row('Errors'),
    timeseries({
      title: 'Errors by class',
      description: 'Failed calls per second, stacked by outcome.',
      unit: 'reqps',
      stack: true,
      targets: [
        prom(
          `sum by (outcome) (rate(llm_calls_total${sel('outcome!="success"')}[${R}]))`,
          {
            legend: '{{outcome}}',
          },
        ),
      ],
    }),
    timeseries({
      title: 'Errors by class and model',
      description: 'Failed calls per second per provider, model and outcome.',
      unit: 'reqps',
      targets: [
        prom(
          `sum by (provider, model, outcome) (rate(llm_calls_total${sel('outcome!="success"')}[${R}]))`,
          { legend: '{{provider}}/{{model}} {{outcome}}' },
        ),
      ],
    }),
    timeseries({
      title: 'Rate-limited share by model',
      description:
        'Share of attempts rate limited per provider and model. Dashed: 10 % (alert after 15 minutes).',
      unit: 'percentunit',
      thresholds: RATE_LIMIT_STEPS,
      showThresholds: true,
      targets: [
        prom(
          `sum by (provider, model) (rate(llm_calls_total${sel('outcome="rate_limited"')}[${R}])) / sum by (provider, model) (rate(llm_calls_total${sel()}[${R}]))`,
          { legend: '{{provider}}/{{model}}' },
        ),
      ],
    }),
    timeseries({
      title: 'Retries by outcome',
      description:
        'Retry attempts per second, by feature, model and what the retry got.',
      unit: 'reqps',
      targets: [
        prom(
          `sum by (feature, model, outcome) (rate(llm_retries_total${sel()}[${R}]))`,
          {
            legend: '{{feature}} · {{model}} {{outcome}}',
          },
        ),
      ],
    }),
    timeseries({
      title: 'Timeouts by feature × model',
      description: 'Calls per second that timed out.',
      unit: 'reqps',
      targets: [
        prom(
          `sum by (feature, model) (rate(llm_calls_total${sel('outcome="timeout"')}[${R}]))`,
          {
            legend: '{{feature}} · {{model}}',
          },
        ),
      ],
    }),
    timeseries({
      title: 'Latency p95 of failed calls by class',
      description:
        'How long failing calls take before they fail (timeouts show the client timeout). Exemplar dots open the trace.',
      unit: 's',
      targets: [
        prom(
          `histogram_quantile(0.95, sum by (outcome, le) (rate(llm_duration_seconds_bucket${sel('outcome!="success"')}[${R}])))`,
          { legend: '{{outcome}}', exemplar: true },
        ),
      ],
    }),
    row('SLO: 99 % of calls succeed within 15 s'),
    timeseries({
      title: 'Error budget burn rate by feature',
      description:
        'Bad-call ratio divided by the 1 % error budget, over 5 minutes and 1 hour. Fast-burn alert: both above 14.4; slow: 6 hours and 30 minutes above 6.',
      unit: 'x',
      thresholds: BURN_STEPS,
      showThresholds: true,
      targets: [
        prom(
          `service_feature:llm_slo_bad_calls:ratio_rate5m${SEL_SERVICE_FEATURE} / 0.01`,
          {
            legend: '{{feature}} 5m',
          },
        ),
        prom(
          `service_feature:llm_slo_bad_calls:ratio_rate1h${SEL_SERVICE_FEATURE} / 0.01`,
          {
            legend: '{{feature}} 1h',
          },
        ),
      ],
    }),
    timeseries({
      title: 'Bad-call ratio by feature (6 h, 30 m)',
      description:
        'Share of calls that failed or took over 15 s (canceled excluded), the slow-burn windows.',
      unit: 'percentunit',
      targets: [
        prom(
          `service_feature:llm_slo_bad_calls:ratio_rate6h${SEL_SERVICE_FEATURE}`,
          { legend: '{{feature}} 6h' },
        ),
        prom(
          `service_feature:llm_slo_bad_calls:ratio_rate30m${SEL_SERVICE_FEATURE}`,
          { legend: '{{feature}} 30m' },
        ),
      ],
    }),
    row('Traces'),
    traceTable({
      title: 'Recent failed LLM calls (Jaeger)',
      description:
        'The latest traces of the selected service with a call that did not succeed, one search per outcome (Jaeger matches exact tag values only). Jaeger searches one service at a time: pick one in Service. Click a trace id to open it.',
      targets: NOT_SUCCESS.map(outcome =>
        jaegerSearch('$service', `llm_otel.outcome=${outcome}`),
      ),
    }),
  ],
});
