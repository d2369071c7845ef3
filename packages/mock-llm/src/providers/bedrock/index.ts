// Stub until the Bedrock Runtime handlers land: every operation answers 501.
import type { MockResponse, ProviderHandler } from '../../types.js';

function notImplemented(): MockResponse {
  return {
    status: 501,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': 'NotImplemented',
    },
    body: Buffer.from(
      JSON.stringify({ message: 'Bedrock is not implemented yet' }),
    ),
  };
}

export const bedrockHandler: ProviderHandler = {
  provider: 'aws.bedrock',
  handle: notImplemented,
  fault: notImplemented,
};
