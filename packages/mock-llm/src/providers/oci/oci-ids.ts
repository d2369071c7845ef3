// Deterministic ids and fixed values OCI answers carry.
import type { MockRequest } from '../../types.js';

/**
 * opc-request-id: the plan id in upper case, after the client's own
 * opc-request-id and a slash when it sent one (the SDK always does), the way
 * the service prefixes its id with the caller's.
 */
export function ociRequestId(req: MockRequest): string {
  const own = req.plan.id.toUpperCase();
  const client = req.headers['opc-request-id'];
  return client === undefined || client === '' ? own : `${client}/${own}`;
}

/** A UUID of the plan id (24 hex) followed by `index` as 8 hex digits. */
export function ociUuid(req: MockRequest, index = 0): string {
  const h = req.plan.id + index.toString(16).padStart(8, '0').slice(-8);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `modelVersion` of every answer. */
export const OCI_MODEL_VERSION = '1.0';

/** timeCreated / created: the plan's creation time as ISO 8601. */
export function ociTime(req: MockRequest): string {
  return new Date(req.plan.created * 1000).toISOString();
}
