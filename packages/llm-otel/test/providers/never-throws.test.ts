// Parsers run inside the app's request path: whatever the bytes, they must
// return facts and never throw.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../src/providers/registry.js';
import type { ResponseMeta } from '../../src/providers/types.js';
import { NO_CONTENT, WITH_CONTENT } from './parse-helpers.js';

const URLS = [
  'https://api.openai.com/v1/chat/completions',
  'https://api.openai.com/v1/completions',
  'https://api.openai.com/v1/embeddings',
  'https://api.openai.com/v1/responses',
  'https://api.anthropic.com/v1/messages',
  'https://generativelanguage.googleapis.com/v1beta/models/g:generateContent',
  'https://generativelanguage.googleapis.com/v1beta/models/g:streamGenerateContent',
  'https://generativelanguage.googleapis.com/v1beta/models/g:embedContent',
  'https://api.cohere.com/v2/chat',
  'https://api.cohere.com/v2/embed',
  'http://127.0.0.1:11434/api/chat',
  'http://127.0.0.1:11434/api/generate',
  'http://127.0.0.1:11434/api/embed',
  'https://api.mistral.ai/v1/conversations',
  'https://ai-gateway.vercel.sh/v3/ai/language-model',
  'https://ai-gateway.vercel.sh/v3/ai/embedding-model',
  'https://us-south.ml.cloud.ibm.com/ml/v1/text/chat',
  'https://us-south.ml.cloud.ibm.com/ml/v1/text/generation_stream',
  'https://us-south.ml.cloud.ibm.com/ml/v1/text/embeddings',
  'https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat',
  'https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/embedText',
  'https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/generateText',
  'http://127.0.0.1:9/20231130/actions/chat',
];

const RESPONSES: ResponseMeta[] = [
  { status: 200, headers: { 'content-type': 'text/event-stream' } },
  { status: 200, headers: { 'content-type': 'application/x-ndjson' } },
  { status: 200, headers: { 'content-type': 'application/json' } },
  { status: 200, headers: {} },
  { status: 500, headers: { 'content-type': 'text/html' } },
];

function bodies(): Uint8Array[] {
  const encoder = new TextEncoder();
  let seed = 7;
  const random = new Uint8Array(4096).map(() => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed & 0xff;
  });
  return [
    new Uint8Array(0),
    random,
    new Uint8Array([0xff, 0xfe, 0x00, 0xc3]),
    encoder.encode('null'),
    encoder.encode('[1,2,3]'),
    encoder.encode('"just a string"'),
    encoder.encode('data: null\n\ndata: [1]\n\ndata: "x"\n\n'),
    encoder.encode(
      '{"choices":"x","usage":[1],"candidates":{"a":1},"message":7}',
    ),
    encoder.encode(
      '{"choices":[null,1,{"delta":null,"index":"0"}],"usage":{"prompt_tokens":"9"}}\n',
    ),
    encoder.encode(
      'data: {"type":"message_start","message":null}\n\ndata: {"type":"content_block_delta","delta":null}\n\n',
    ),
    encoder.encode(
      '[{"candidates":[{"content":{"parts":[null,{"functionCall":7}]}}]},{"error":null}]',
    ),
    encoder.encode(
      '{"done":true,"message":{"tool_calls":[null,{"function":null}]}}\n',
    ),
    encoder.encode('{"error":{"code":{"nested":true},"status":["x"]}}'),
    encoder.encode(
      'data: {"type":"message.output.delta","content":[null,{"text":7}],"model":1}\n\ndata: {"type":"conversation.response.error","code":{"x":1}}\n\n',
    ),
    encoder.encode('{"outputs":[null,{"type":"function.call","arguments":9}]}'),
    encoder.encode(
      'data: {"type":"finish","usage":{"inputTokens":{"total":"x"},"outputTokens":[]},"finishReason":{"raw":1}}\n\ndata: {"type":"error","error":"x"}\n\n',
    ),
    encoder.encode(
      '{"content":[null,{"type":"tool-call"}],"response":7,"embeddings":[null]}',
    ),
    encoder.encode(
      'data: {"results":[null,{"generated_text":5,"stop_reason":[]}],"errors":[null]}\n\n',
    ),
    encoder.encode(
      '{"servingMode":7,"chatRequest":{"messages":[null,{"role":7,"content":"x","toolCalls":[null,{"function":7}]}],"tools":[null,7],"stop":[1],"topK":"x"}}',
    ),
    encoder.encode(
      '{"servingMode":{"modelId":7,"endpointId":[]},"chatRequest":{"apiFormat":"COHERE","message":7,"chatHistory":[null,{"role":"TOOL","toolResults":7}],"toolResults":[null],"tools":{}},"inputs":7,"inferenceRequest":[]}',
    ),
    encoder.encode(
      '{"modelId":7,"chatResponse":{"choices":[null,{"message":7,"index":"x","usage":[]}],"usage":{"promptTokens":"9","promptTokensDetails":7}}}',
    ),
    encoder.encode(
      '{"chatResponse":{"apiFormat":"COHERE","text":7,"toolCalls":[null,{"parameters":null}],"message":"x"}}',
    ),
    encoder.encode(
      '{"embeddings":[7],"embeddingsByType":{"float":7},"inputTextTokenCounts":[1,"x"],"usage":[]}',
    ),
    encoder.encode(
      '{"inferenceResponse":{"generatedTexts":[null,{"text":7,"index":-1}],"choices":{}}}',
    ),
    encoder.encode(
      'data: {"message":{"content":[null,{"type":7}],"toolCalls":[null,{"function":7,"id":3}]},"index":-5,"usage":[]}\n\ndata: {"text":7,"index":99999,"finishReason":[]}\n\ndata: {"code":{"x":1},"message":"m"}\n\ndata: {"a":1}\ndata: [DONE]\ndata: x\n\n',
    ),
    encoder.encode(`{"a":"${'\\'.repeat(5000)}`),
    encoder.encode('['.repeat(10_000)),
  ];
}

void describe('parsers never throw', () => {
  void it('returns facts for any bytes, any framing, with and without content capture', () => {
    const all = bodies();
    for (const url of URLS) {
      const found = matchProvider(
        'POST',
        new URL(url),
        {},
        { openAICompatibleBaseUrls: [] },
      );
      assert.ok(found, url);
      for (const options of [NO_CONTENT, WITH_CONTENT]) {
        for (const body of all) {
          found.module.parseRequest(found.match, body, options);
          for (const response of RESPONSES) {
            for (const cut of [false, true]) {
              const parser = found.module.createResponseParser(
                found.match,
                { stream: true },
                response,
                options,
              );
              for (let at = 0; at < body.length; at += 7)
                parser.push(body.subarray(at, at + 7));
              parser.responseModel?.();
              const facts = parser.finish(cut);
              assert.equal(typeof facts.complete, 'boolean');
            }
          }
        }
      }
    }
  });

  void it('matchProvider takes odd URLs and methods without throwing', () => {
    for (const [method, url] of [
      ['POST', 'http://[::1]:11434/api/chat'],
      ['post', 'https://api.openai.com/v1/chat/completions'],
      [
        'POST',
        'https://contoso.openai.azure.com/openai/deployments/%E0%A4%A/chat/completions',
      ],
      [
        'POST',
        'https://generativelanguage.googleapis.com/v1beta/models/%ZZ:generateContent',
      ],
      ['CONNECT', 'https://api.anthropic.com:443/v1/messages'],
      ['POST', 'file:///etc/passwd'],
      ['POST', 'data:text/plain,hello'],
    ] as const) {
      matchProvider(method, new URL(url), {}, { openAICompatibleBaseUrls: [] });
    }
    assert.deepStrictEqual(
      matchProvider(
        'POST',
        new URL(
          'https://contoso.openai.azure.com/openai/deployments/%E0%A4%A/chat/completions',
        ),
        {},
        { openAICompatibleBaseUrls: [] },
      )?.match.model,
      '%E0%A4%A',
    );
  });
});
