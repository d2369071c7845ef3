// Every OCI inference body names its model in `servingMode`: `modelId` for
// ON_DEMAND, the endpoint OCID `endpointId` for DEDICATED.
import { asRecord, asString } from '../http-helpers.js';

/** servingMode.modelId, else servingMode.endpointId; undefined when empty. */
export function ociServingModel(json: unknown): string | undefined {
  const mode = asRecord(asRecord(json)?.servingMode);
  const id = asString(mode?.modelId) ?? asString(mode?.endpointId);
  return id === '' ? undefined : id;
}
