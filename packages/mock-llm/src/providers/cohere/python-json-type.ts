// Cohere v1 tool parameter types (parameter_definitions, and OCI's COHERE
// parameterDefinitions) are Python's: str, int, float, bool, List[…], Dict.
import { asString } from '../http-helpers.js';

/** The JSON schema type of a Python type name (default string). */
export function pythonJsonType(pythonType: unknown): string {
  const t = (asString(pythonType) ?? 'str').toLowerCase();
  if (t.startsWith('int') || t.startsWith('float')) return 'number';
  if (t.startsWith('bool')) return 'boolean';
  if (t.startsWith('list')) return 'array';
  if (t.startsWith('dict')) return 'object';
  return 'string';
}
