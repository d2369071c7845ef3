// Every OCI inference body names its model in `servingMode`: `modelId` for
// ON_DEMAND, the endpoint OCID `endpointId` for DEDICATED.

import { obj, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';

export function ociServingModel(o: JsonObject): string | undefined {
  const mode = obj(o['servingMode']);
  const id = str(mode?.['modelId']) ?? str(mode?.['endpointId']);
  return id === '' ? undefined : id;
}
