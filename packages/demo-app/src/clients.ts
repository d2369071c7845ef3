// The real SDK clients the demo drives, pointed at the mock server. The keys are
// placeholders: the mock accepts any, and llm-otel never exports them anyway.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import type { DemoOptions } from './demo-options.js';

export interface Clients {
  readonly openai: OpenAI;
  readonly anthropic: Anthropic;
  readonly gemini: GoogleGenAI;
}

export function createClients(o: DemoOptions): Clients {
  return {
    openai: new OpenAI({
      baseURL: o.openaiBaseUrl,
      apiKey: 'sk-demo-not-a-secret',
      maxRetries: 2,
    }),
    anthropic: new Anthropic({
      baseURL: o.anthropicBaseUrl,
      apiKey: 'sk-ant-demo-not-a-secret',
      maxRetries: 2,
    }),
    gemini: new GoogleGenAI({
      apiKey: 'demo-not-a-secret',
      httpOptions: { baseUrl: o.geminiBaseUrl },
    }),
  };
}
