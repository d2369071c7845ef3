// OCI message roles are upper case: USER, ASSISTANT, SYSTEM, TOOL,
// DEVELOPER; the COHERE format says CHATBOT for the assistant.

const ROLES: Readonly<Record<string, string>> = {
  USER: 'user',
  ASSISTANT: 'assistant',
  CHATBOT: 'assistant',
  SYSTEM: 'system',
  TOOL: 'tool',
  DEVELOPER: 'developer',
};

export function ociRole(raw: string | undefined, fallback: string): string {
  if (raw === undefined || raw === '') return fallback;
  return ROLES[raw] ?? raw.toLowerCase();
}
