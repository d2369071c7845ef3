// Input tokens are the number of whitespace-separated words in the prompt
// text of a request, found by one generic walk that fits every provider.

/** Keys whose string values (or arrays of strings) are prompt text. */
const TEXT_KEYS = new Set([
  'content',
  'text',
  'input',
  'inputs',
  'prompt',
  'instructions',
  'system',
  'texts',
  'inputText',
]);

/** Subtrees that are configuration, not prompt text. */
const SKIP_KEYS = new Set([
  'tools',
  'tool_choice',
  'toolConfig',
  'functionDeclarations',
  'response_format',
  'generationConfig',
  'model',
]);

function countWords(s: string): number {
  let n = 0;
  for (const part of s.split(/\s+/)) if (part !== '') n++;
  return n;
}

function walk(value: unknown, isText: boolean): number {
  if (typeof value === 'string') return isText ? countWords(value) : 0;
  if (Array.isArray(value)) {
    let n = 0;
    for (const item of value) n += walk(item, isText);
    return n;
  }
  if (value !== null && typeof value === 'object') {
    let n = 0;
    for (const [key, child] of Object.entries(value)) {
      if (SKIP_KEYS.has(key)) continue;
      n += walk(child, TEXT_KEYS.has(key));
    }
    return n;
  }
  return 0;
}

/**
 * Word count of every string found at a key named content, text, input,
 * inputs, prompt, instructions, system, texts or inputText (directly, or as
 * items of an array value), at any depth, skipping the subtrees tools,
 * tool_choice, toolConfig, functionDeclarations, response_format,
 * generationConfig and model. At least 1.
 */
export function countInputTokens(json: unknown): number {
  return Math.max(1, walk(json, false));
}
