import type { Usage } from '../types.js';

/** Sets one usage count when the answer gave it. */
export function setUsage(
  usage: Usage,
  key: keyof Usage,
  value: number | undefined,
): void {
  if (value !== undefined) usage[key] = value;
}
