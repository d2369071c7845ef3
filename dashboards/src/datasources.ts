// The datasource uids Grafana is provisioned with (grafana/provisioning/datasources).
// Dashboards reference datasources by these fixed uids, never by name.

export interface DatasourceRef {
  readonly type: 'prometheus' | 'tempo';
  readonly uid: string;
}

export const PROMETHEUS: DatasourceRef = {
  type: 'prometheus',
  uid: 'prometheus',
};
export const TEMPO: DatasourceRef = { type: 'tempo', uid: 'tempo' };
