/**
 * The traffic the end-to-end test sends: one entry per distinct kind of LLM call,
 * repeated `count` times. Attribute names follow collector/CONTRACT.md §1, plus legacy
 * and development names that the Collector must normalise.
 */
export interface CallSpec {
  readonly count: number;
  /** llm_otel.feature; absent means the Collector labels it `unattributed`. */
  readonly feature?: string;
  readonly provider?: string;
  /** Legacy gen_ai.system instead of gen_ai.provider.name. */
  readonly legacySystem?: string;
  readonly operation: string;
  readonly requestModel: string;
  readonly responseModel?: string;
  /** llm_otel.outcome; absent means the Collector derives it from error.type. */
  readonly outcome?: string;
  readonly errorType?: string;
  /** Token attributes exactly as sent (name → value). */
  readonly usage?: Readonly<Record<string, number>>;
  readonly durationS: number;
  readonly ttftS?: number;
  readonly attempt?: number;
  /** Sent as a third-party parent span marked llm_otel.superseded with our span as its child. */
  readonly supersededParent?: boolean;
}

export const CALLS: readonly CallSpec[] = [
  {
    count: 3,
    feature: 'summarize',
    provider: 'openai',
    operation: 'chat',
    requestModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    outcome: 'success',
    usage: {
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'gen_ai.usage.output_tokens': 200,
    },
    durationS: 1.2,
    ttftS: 0.3,
  },
  {
    count: 2,
    feature: 'chat',
    provider: 'anthropic',
    operation: 'chat',
    requestModel: 'claude-sonnet-4-5-20250929',
    outcome: 'success',
    usage: {
      'gen_ai.usage.input_tokens': 2000,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 500,
      'gen_ai.usage.output_tokens': 300,
    },
    durationS: 2.5,
    ttftS: 0.6,
    supersededParent: true,
  },
  {
    // development name for cache writes (opt-in latest semconv)
    count: 1,
    feature: 'chat',
    provider: 'anthropic',
    operation: 'chat',
    requestModel: 'claude-sonnet-4-5-20250929',
    outcome: 'success',
    usage: {
      'gen_ai.usage.input_tokens': 800,
      'gen_ai.usage.cache_write.input_tokens': 600,
      'gen_ai.usage.output_tokens': 40,
    },
    durationS: 0.9,
  },
  {
    count: 2,
    feature: 'chat',
    provider: 'anthropic',
    operation: 'chat',
    requestModel: 'claude-sonnet-4-5-20250929',
    outcome: 'rate_limited',
    errorType: '429',
    durationS: 0.05,
  },
  {
    count: 1,
    feature: 'chat',
    provider: 'anthropic',
    operation: 'chat',
    requestModel: 'claude-sonnet-4-5-20250929',
    outcome: 'success',
    usage: {
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 10,
    },
    durationS: 0.7,
    attempt: 1,
  },
  {
    count: 1,
    feature: 'classify',
    provider: 'openai',
    operation: 'chat',
    requestModel: 'o3-mini',
    outcome: 'success',
    usage: {
      'gen_ai.usage.input_tokens': 500,
      'gen_ai.usage.output_tokens': 800,
      'gen_ai.usage.reasoning.output_tokens': 600,
    },
    durationS: 6,
  },
  {
    count: 2,
    feature: 'classify',
    provider: 'openai',
    operation: 'chat',
    requestModel: 'my-finetune-v7',
    outcome: 'success',
    usage: {
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 10,
    },
    durationS: 0.4,
  },
  {
    count: 1,
    feature: 'classify',
    provider: 'openai',
    operation: 'chat',
    requestModel: 'gpt-4o-mini',
    outcome: 'timeout',
    errorType: 'timeout',
    durationS: 30,
  },
  {
    // Azure OpenAI deployment: the request "model" is the deployment name, priced by the response model
    count: 2,
    feature: 'summarize',
    provider: 'azure.ai.openai',
    operation: 'chat',
    requestModel: 'prod-chat-deployment',
    responseModel: 'gpt-4o-2024-11-20',
    outcome: 'success',
    usage: {
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 100,
    },
    durationS: 1.5,
  },
  {
    // third-party legacy span: gen_ai.system, prompt/completion tokens, no feature, no outcome
    count: 1,
    legacySystem: 'gemini',
    operation: 'chat',
    requestModel: 'gemini-2.0-flash',
    usage: {
      'gen_ai.usage.prompt_tokens': 300,
      'gen_ai.usage.completion_tokens': 50,
    },
    durationS: 0.8,
  },
  {
    // third-party span with an error.type only: the Collector derives server_error
    count: 1,
    legacySystem: 'openai',
    operation: 'chat',
    requestModel: 'gpt-4o',
    errorType: '503',
    durationS: 0.2,
  },
];
