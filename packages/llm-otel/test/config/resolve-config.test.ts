import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/resolve-config.js';

const summary = (r: ReturnType<typeof resolveConfig>) => ({
  ...r.config,
  openAICompatibleBaseUrls: r.config.openAICompatibleBaseUrls.map(u => u.href),
  problems: r.problems,
});

void describe('resolveConfig', () => {
  void it('defaults with an empty environment', () => {
    assert.deepEqual(summary(resolveConfig({}, {})), {
      openAICompatibleBaseUrls: [],
      contentMode: 'NO_CONTENT',
      contentOnSpans: false,
      contentOnEvents: false,
      maxContentLength: 65536,
      semconv: 'v1.41',
      flushTimeoutMillis: 500,
      problems: [],
    });
  });

  void it('reads every variable of ours and the conventions', () => {
    const env = {
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'span_and_event',
      OTEL_SEMCONV_STABILITY_OPT_IN: 'http, gen_ai_latest_experimental',
      LLM_OTEL_OPENAI_COMPATIBLE_BASE_URLS:
        'http://gw.internal:8080/llm/v1, https://user:pw@proxy.example.com/openai?key=s',
      LLM_OTEL_MAX_CONTENT_LENGTH: '1000',
      LLM_OTEL_FLUSH_TIMEOUT_MILLIS: '250',
    };
    assert.deepEqual(summary(resolveConfig({}, env)), {
      openAICompatibleBaseUrls: [
        'http://gw.internal:8080/llm/v1',
        // Credentials and query are dropped.
        'https://proxy.example.com/openai',
      ],
      contentMode: 'SPAN_AND_EVENT',
      contentOnSpans: true,
      contentOnEvents: true,
      maxContentLength: 1000,
      semconv: 'latest',
      flushTimeoutMillis: 250,
      problems: [],
    });
  });

  void it('fails closed to NO_CONTENT on booleans and unknown values, with one message each', () => {
    for (const value of ['true', 'false', 'yes']) {
      const r = resolveConfig(
        {},
        { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: value },
      );
      assert.equal(r.config.contentMode, 'NO_CONTENT');
      assert.deepEqual(r.problems, [
        `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="${value}" is not NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT; content capture is off.`,
      ]);
    }
  });

  void it('puts content on events only for EVENT_ONLY', () => {
    const r = resolveConfig(
      {},
      { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'Event_Only' },
    );
    assert.deepEqual(
      [r.config.contentOnSpans, r.config.contentOnEvents, r.problems],
      [false, true, []],
    );
  });

  void it('lets options win over env and merges base URLs from both', () => {
    const r = resolveConfig(
      {
        captureMessageContent: 'SPAN_ONLY',
        semconv: 'v1.41',
        openAICompatibleBaseUrls: ['http://a.local/v1'],
      },
      {
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'NO_CONTENT',
        OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai_latest_experimental',
        LLM_OTEL_OPENAI_COMPATIBLE_BASE_URLS: 'http://b.local/v1',
      },
    );
    assert.deepEqual(summary(r), {
      openAICompatibleBaseUrls: ['http://b.local/v1', 'http://a.local/v1'],
      contentMode: 'SPAN_ONLY',
      contentOnSpans: true,
      contentOnEvents: false,
      maxContentLength: 65536,
      semconv: 'v1.41',
      flushTimeoutMillis: 500,
      problems: [],
    });
  });

  void it('reports each bad value once and keeps its default', () => {
    const r = resolveConfig(
      { maxContentLength: -1 },
      {
        LLM_OTEL_OPENAI_COMPATIBLE_BASE_URLS: 'not a url,ftp://x/v1',
        LLM_OTEL_FLUSH_TIMEOUT_MILLIS: '1.5s',
      },
    );
    assert.deepEqual(summary(r), {
      openAICompatibleBaseUrls: [],
      contentMode: 'NO_CONTENT',
      contentOnSpans: false,
      contentOnEvents: false,
      maxContentLength: 65536,
      semconv: 'v1.41',
      flushTimeoutMillis: 500,
      problems: [
        'LLM_OTEL_OPENAI_COMPATIBLE_BASE_URLS: "not a url" is not a URL; ignored.',
        'LLM_OTEL_OPENAI_COMPATIBLE_BASE_URLS: "ftp://x/v1" is not an http(s) URL; ignored.',
        'maxContentLength: -1 is not a positive integer; using 65536.',
        'LLM_OTEL_FLUSH_TIMEOUT_MILLIS="1.5s" is not a positive integer; using 500.',
      ],
    });
  });
});
