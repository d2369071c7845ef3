// Builds one output message from streamed deltas (text, reasoning, tool call
// fragments) for content capture.

import type { ChatMessage, MessagePart } from '../types.js';
import { parseArguments } from '../json/json-value.js';
import type { ContentBudget } from './content-budget.js';

interface ToolCallDraft {
  id?: string;
  name?: string;
  args: string;
  input?: unknown;
}

type Draft =
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'tool'; call: ToolCallDraft };

export class MessageBuilder {
  private readonly drafts: Draft[] = [];
  private readonly tools = new Map<number, ToolCallDraft>();

  constructor(
    private readonly budget: ContentBudget,
    public role: string = 'assistant',
  ) {}

  text(delta: string): void {
    this.append('text', delta);
  }

  reasoning(delta: string): void {
    this.append('reasoning', delta);
  }

  /** Starts or continues the tool call with this stream-local index. */
  toolCall(
    index: number,
    fields: { id?: string; name?: string; args?: string; input?: unknown },
  ): void {
    let call = this.tools.get(index);
    if (call === undefined) {
      call = { args: '' };
      this.tools.set(index, call);
      this.drafts.push({ kind: 'tool', call });
    }
    if (fields.id !== undefined) call.id = fields.id;
    if (fields.name !== undefined) call.name = fields.name;
    if (fields.args !== undefined) call.args += this.budget.take(fields.args);
    if (fields.input !== undefined) call.input = fields.input;
  }

  /** A tool call that arrives whole (Gemini, Ollama, Cohere): always a new one. */
  wholeToolCall(fields: { id?: string; name?: string; input?: unknown }): void {
    this.toolCall(-1 - this.tools.size, fields);
  }

  get isEmpty(): boolean {
    return this.drafts.length === 0;
  }

  build(finishReason?: string): ChatMessage {
    const parts: MessagePart[] = [];
    for (const d of this.drafts) {
      if (d.kind === 'tool') {
        const c = d.call;
        const part: Record<string, unknown> = { type: 'tool_call' };
        if (c.id !== undefined) part['id'] = c.id;
        part['name'] = c.name ?? '';
        if (c.args !== '') part['arguments'] = parseArguments(c.args);
        else if (c.input !== undefined) part['arguments'] = c.input;
        parts.push(part as MessagePart);
      } else {
        parts.push({ type: d.kind, content: d.text });
      }
    }
    return finishReason === undefined
      ? { role: this.role, parts }
      : { role: this.role, parts, finish_reason: finishReason };
  }

  private append(kind: 'text' | 'reasoning', delta: string): void {
    const text = this.budget.take(delta);
    if (text === '') return;
    const last = this.drafts[this.drafts.length - 1];
    if (last !== undefined && last.kind === kind) last.text += text;
    else this.drafts.push({ kind, text });
  }
}
