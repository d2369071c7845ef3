// The datasource uids Grafana is provisioned with (grafana/provisioning/datasources).
// Dashboards reference datasources by these fixed uids, never by name.

export interface DatasourceRef {
  readonly type: 'prometheus' | 'jaeger';
  readonly uid: string;
}

export const PROMETHEUS: DatasourceRef = {
  type: 'prometheus',
  uid: 'prometheus',
};
export const JAEGER: DatasourceRef = { type: 'jaeger', uid: 'jaeger' };
