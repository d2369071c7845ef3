// POST /v1/completions: the legacy text completion API.
import type {
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import {
  asRecord,
  jsonResponse,
  sseFrame,
  sseResponse,
} from '../http-helpers.js';
import {
  openaiBadJson,
  openaiFault,
  openaiStreamError,
  openaiMissing,
  openaiMissingModel,
  openaiRateLimitHeaders,
} from './openai-errors.js';

function usage(req: MockRequest, n: number): Record<string, number> {
  const u = req.plan.usage;
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const completion = u.outputTokens * n;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError) return openaiBadJson();
  const body = asRecord(req.json);
  if (body === undefined) return openaiBadJson();
  if (req.model === undefined) return openaiMissingModel();
  if (body.prompt === undefined) return openaiMissing('prompt');
  const n = typeof body.n === 'number' && body.n > 0 ? Math.floor(body.n) : 1;
  const headers = {
    'x-request-id': `req_${req.plan.id}`,
    ...openaiRateLimitHeaders(req),
  };
  const head = {
    id: `cmpl-${req.plan.id}`,
    object: 'text_completion',
    created: req.plan.created,
    model: req.model,
  };
  if (body.stream !== true) {
    const choices = [];
    for (let i = 0; i < n; i++) {
      choices.push({
        text: req.plan.text,
        index: i,
        logprobs: null,
        finish_reason: 'stop',
      });
    }
    return jsonResponse(
      200,
      { ...head, choices, usage: usage(req, n) },
      headers,
    );
  }
  const includeUsage = asRecord(body.stream_options)?.include_usage === true;
  const frames: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    for (const piece of req.plan.pieces) {
      frames.push(
        sseFrame({
          ...head,
          choices: [
            { text: piece, index: i, logprobs: null, finish_reason: null },
          ],
        }),
      );
    }
    frames.push(
      sseFrame({
        ...head,
        choices: [
          { text: '', index: i, logprobs: null, finish_reason: 'stop' },
        ],
      }),
    );
  }
  if (includeUsage)
    frames.push(sseFrame({ ...head, choices: [], usage: usage(req, n) }));
  frames.push(sseFrame('[DONE]'));
  return sseResponse(frames, 0, headers);
}

export const openaiCompletionsHandler: ProviderHandler = {
  provider: 'openai',
  handle,
  fault: openaiFault,
  streamError: openaiStreamError,
};
