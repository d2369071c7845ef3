#!/usr/bin/env node
// npx @x/mock-llm --port 8080 [--host 0.0.0.0] [--seed 1] [--scenario "latency=50"]
import { parseArgs } from 'node:util';
import { SCENARIO_HELP, ScenarioError } from './scenario/scenario.js';
import { startMockLlm } from './start-mock-llm.js';

const USAGE = `Usage: mock-llm [--port 8080] [--host 127.0.0.1] [--seed N] [--scenario SPEC]

A deterministic mock LLM server for tests, demos and benchmarks. One port speaks
HTTP/1.1 and cleartext HTTP/2 and serves:
  OpenAI      POST /v1/chat/completions  /v1/responses  /v1/embeddings  /v1/completions
  Azure       POST /openai/deployments/{name}/...?api-version=...   /openai/v1/...
  Groq        POST /openai/v1/chat/completions   (x_groq.usage on the last chunk)
  Mistral     POST /v1/chat/completions          (mistral client or random_seed)
              POST /v1/conversations  /v1/conversations/{id}  /v1/conversations/{id}/restart
  Anthropic   POST /v1/messages
  Vertex      POST /v1/projects/{p}/locations/{l}/publishers/anthropic/models/{model}:{rawPredict,streamRawPredict} (and count-tokens)
  Gemini      POST /{v1,v1beta}/models/{model}:{generateContent,streamGenerateContent}[?alt=sse]
  Ollama      POST /api/chat  /api/generate  /api/embed  /api/embeddings
  Cohere      POST /v2/chat  /v2/embed  /v1/chat  /v1/generate  /v1/embed
  Bedrock     POST /model/{modelId}/{converse,converse-stream,invoke,invoke-with-response-stream}
              (invoke with an *embed* model id: Titan / Cohere embeddings)
  AI Gateway  POST /v3/ai/language-model  /v3/ai/embedding-model   (any /v{N}/ai/; model in ai-language-model-id / ai-model-id)
  OCI         POST /20231130/actions/chat  /20231130/actions/embedText  /20231130/actions/generateText   (model in servingMode)
  Health      GET  /health

Options
  --port N        port to listen on (default 8080; 0 = any free port)
  --host ADDR     address to bind (default 127.0.0.1; 0.0.0.0 in containers)
  --seed N        changes generated words, ids and the default output length
  --scenario S    server-wide scenario (see below)
  --help          this text

${SCENARIO_HELP}
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '0' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const mock = await startMockLlm({
    port: Number(values.port),
    host: values.host,
    seed: Number(values.seed),
    scenario: values.scenario,
    logLimit: 0,
  });
  process.stdout.write(
    `mock-llm listening on http://${values.host}:${mock.port}\n`,
  );
  const stop = (): void => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ScenarioError || err instanceof TypeError ? err.message : String(err)}\n${
      err instanceof TypeError ? USAGE : ''
    }`,
  );
  process.exit(2);
});
