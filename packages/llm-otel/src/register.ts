// Entry of `node --import @x/llm-otel/register app.mjs` (ESM) and
// `node --require @x/llm-otel/register app.js` (CJS): starts telemetry before
// the app loads, so capture sees every LLM call from the first one.

import { startLlmOtel } from './sdk/start-llm-otel.js';

startLlmOtel();
