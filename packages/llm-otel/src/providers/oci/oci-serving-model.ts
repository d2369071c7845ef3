// Every OCI inference body names its model in `servingMode`: `modelId` for
// ON_DEMAND, the endpoint OCID `endpointId` for DEDICATED.

import { obj, parseBodyObject, str } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ProviderMatch, RequestFacts } from '../types.js';
import { ociSamplingFacts } from './oci-sampling-facts.js';

export function ociServingModel(o: JsonObject): string | undefined {
  const mode = obj(o['servingMode']);
  const id = str(mode?.['modelId']) ?? str(mode?.['endpointId']);
  return id === '' ? undefined : id;
}

/**
 * The body of an OCI request and the model its servingMode names; undefined
 * when it is not a JSON object or, on a host not OCI's, when it has no
 * servingMode or `shaped` says it is not this action's body.
 */
export function ociRequestBase(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  shaped: (o: JsonObject) => boolean,
): { readonly o: JsonObject; readonly facts: RequestFacts } | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (
    match.confirmByBody &&
    (obj(o['servingMode']) === undefined || !shaped(o))
  )
    return undefined;
  const facts: RequestFacts = {};
  const model = ociServingModel(o);
  if (model !== undefined) facts.model = model;
  return { o, facts };
}

/**
 * A generation body (chat's `chatRequest`, generateText's
 * `inferenceRequest`): the base facts with the sampling parameters of the
 * inner request `key`, and that request; undefined as for ociRequestBase.
 */
export function ociGenerationRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  key: string,
):
  | { readonly inner: JsonObject | undefined; readonly facts: RequestFacts }
  | undefined {
  const base = ociRequestBase(match, body, o => obj(o[key]) !== undefined);
  if (base === undefined) return undefined;
  const inner = obj(base.o[key]);
  if (inner !== undefined) ociSamplingFacts(inner, base.facts);
  return { inner, facts: base.facts };
}
