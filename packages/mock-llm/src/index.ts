// Public API of @x/mock-llm.
export { startMockLlm } from './start-mock-llm.js';
export type { MockLlm, MockLlmOptions } from './start-mock-llm.js';
export {
  parseScenario,
  mergeScenarios,
  SCENARIO_HELP,
} from './scenario/scenario.js';
export type { FaultName, ScenarioConfig } from './scenario/scenario.js';
export {
  mockText,
  mockWords,
  splitPieces,
  MOCK_VOCABULARY,
} from './content/mock-words.js';
export { countInputTokens } from './content/count-input-tokens.js';
export { toolArguments } from './content/tool-arguments.js';
export { requestId, createdAt } from './content/request-id.js';
export { defaultOutputTokens, outputTokensFor } from './content/build-plan.js';
export type { RequestLogEntry } from './server/request-log.js';
export type {
  FaultKind,
  GenerationPlan,
  MockBodyResponse,
  MockHeaders,
  MockRequest,
  MockResponse,
  MockStreamResponse,
  MockUsage,
  ProviderHandler,
} from './types.js';
export {
  expectedUsage,
  expectedText,
  expectedPieces,
} from './content/expected.js';
export type { ExpectOptions } from './content/expected.js';
// Wire-shaped usage for a MockUsage (e.g. from expectedUsage), per provider.
export { openaiChatUsage } from './providers/openai/openai-usage.js';
export { responsesUsage } from './providers/openai/responses.js';
export { anthropicUsage } from './providers/anthropic/messages.js';
export { geminiUsage } from './providers/gemini/generate-content.js';
export { mistralConversationUsage } from './providers/mistral/conversations.js';
export {
  gatewayUsage,
  gatewayCost,
} from './providers/vercel-gateway/gateway.js';
export { ociUsage, ociCohereUsage } from './providers/oci/oci-usage.js';
export type { OciUsage } from './providers/oci/oci-usage.js';
export { ociCohereInputTokens } from './providers/oci/chat-cohere.js';
