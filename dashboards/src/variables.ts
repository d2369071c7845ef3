// Template variables shared by every dashboard: service, feature, provider, model,
// each cascading from the ones before it.
import { PROMETHEUS } from './datasources.js';

export interface Variable {
  readonly name: string;
  readonly label: string;
  readonly type: 'query';
  readonly datasource: typeof PROMETHEUS;
  readonly definition: string;
  readonly query: {
    readonly qryType: 1;
    readonly query: string;
    readonly refId: string;
  };
  readonly includeAll: true;
  readonly multi: true;
  readonly allValue: '.*';
  readonly current: { readonly text: string[]; readonly value: string[] };
  readonly refresh: 2;
  readonly sort: 1;
  readonly options: [];
}

function variable(name: string, label: string, source: string): Variable {
  const query = `label_values(${source}, ${name === 'service' ? 'service_name' : name})`;
  return {
    name,
    label,
    type: 'query',
    datasource: PROMETHEUS,
    definition: query,
    query: {
      qryType: 1,
      query,
      refId: 'PrometheusVariableQueryEditor-VariableQuery',
    },
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { text: ['All'], value: ['$__all'] },
    // Refresh on time-range change, so new features and models appear.
    refresh: 2,
    sort: 1,
    options: [],
  };
}

export const VARIABLES: readonly Variable[] = [
  variable('service', 'Service', 'llm_calls_total'),
  variable('feature', 'Feature', 'llm_calls_total{service_name=~"$service"}'),
  variable(
    'provider',
    'Provider',
    'llm_calls_total{service_name=~"$service", feature=~"$feature"}',
  ),
  variable(
    'model',
    'Model',
    'llm_calls_total{service_name=~"$service", feature=~"$feature", provider=~"$provider"}',
  ),
];
