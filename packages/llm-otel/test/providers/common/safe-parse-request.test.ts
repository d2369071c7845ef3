import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import { NO_CONTENT } from '../parse-helpers.js';

function found(url: string) {
  const m = matchProvider(
    'POST',
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(m);
  return m;
}

const gzipped = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]);

void describe('request facts when the body cannot be read', () => {
  void it('keeps what the URL says on known hosts: absent, compressed or malformed bodies', () => {
    const gemini = found(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    for (const body of [undefined, gzipped, '{"contents":']) {
      assert.deepStrictEqual(
        gemini.module.parseRequest(gemini.match, body, NO_CONTENT),
        {
          model: 'gemini-2.5-flash',
          stream: true,
        },
      );
    }
    const azure = found(
      'https://contoso.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21',
    );
    assert.deepStrictEqual(
      azure.module.parseRequest(azure.match, undefined, NO_CONTENT),
      {
        model: 'gpt4o-prod',
      },
    );
    const openai = found('https://api.openai.com/v1/chat/completions');
    assert.deepStrictEqual(
      openai.module.parseRequest(openai.match, gzipped, NO_CONTENT),
      {},
    );
  });

  void it('drops path-only matches on unknown hosts', () => {
    for (const url of [
      'http://10.0.0.2:8000/v1/chat/completions',
      'http://10.0.0.2:8000/v1/messages',
      'http://10.0.0.2:8000/v1/models/m:generateContent',
      'http://10.0.0.2:8000/v2/chat',
      'http://10.0.0.2:8000/api/chat',
    ]) {
      const m = found(url);
      assert.equal(m.match.confirmByBody, true, url);
      assert.equal(
        m.module.parseRequest(m.match, undefined, NO_CONTENT),
        undefined,
        url,
      );
      assert.equal(
        m.module.parseRequest(m.match, gzipped, NO_CONTENT),
        undefined,
        url,
      );
    }
  });
});
