// What package.json promises: the version we report as instrumentation scope
// version, the stable OTel packages pinned to the versions
// @opentelemetry/sdk-node pins, so that one copy of each loads (the extra
// copies cost about 300 ms and 14 MB at start-up on the dev box), and a
// register entry that loads as CommonJS either way.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_VERSION } from '../../src/sdk/package-version.js';

const require = createRequire(import.meta.url);
const ours = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string; dependencies: Record<string, string> };
const sdkNodeManifest = require.resolve('@opentelemetry/sdk-node/package.json');
const sdkNode = JSON.parse(readFileSync(sdkNodeManifest, 'utf8')) as {
  dependencies: Record<string, string>;
};
const SHARED = [
  '@opentelemetry/core',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/sdk-trace-base',
];

void describe('package manifest', () => {
  void it('reports the version package.json has', () => {
    assert.equal(PACKAGE_VERSION, ours.version);
  });

  void it('pins the stable OTel packages to the versions sdk-node pins', () => {
    assert.deepEqual(
      SHARED.map(name => [name, ours.dependencies[name]]),
      SHARED.map(name => [name, sdkNode.dependencies[name]]),
    );
  });

  void it('has `--import` and `--require` of ./register load the CommonJS build alike (the ES-module graph of the OTel SDK loads about 70 ms slower on Node 20, 200 ms on 24)', () => {
    const built = new URL('../../dist/cjs/register.js', import.meta.url);
    assert.deepEqual(
      [
        import.meta.resolve('@x/llm-otel/register'),
        require.resolve('@x/llm-otel/register'),
      ],
      [built.href, built.pathname],
    );
  });

  void it('loads one copy of each: ours is the one sdk-node resolves', () => {
    const fromSdkNode = createRequire(sdkNodeManifest);
    assert.deepEqual(
      SHARED.map(name => dirname(require.resolve(`${name}/package.json`))),
      SHARED.map(name => dirname(fromSdkNode.resolve(`${name}/package.json`))),
    );
  });
});
