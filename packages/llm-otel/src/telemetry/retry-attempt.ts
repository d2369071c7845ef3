// The retry attempt number the SDK announces in its request headers, 0-based
// (0 = first attempt) so every SDK reads the same:
// - Stainless SDKs (openai, @anthropic-ai/sdk, groq-sdk) send
//   `x-stainless-retry-count: N`, already 0-based;
// - the AWS SDK sends `amz-sdk-request: attempt=N; max=M`, 1-based, so N-1.

function nonNegativeInt(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

export function retryAttempt(
  headers: Readonly<Record<string, string>>,
): number | undefined {
  const stainless = headers['x-stainless-retry-count'];
  if (stainless !== undefined) return nonNegativeInt(stainless);
  const amz = headers['amz-sdk-request'];
  if (amz !== undefined) {
    const match = /(?:^|;)\s*attempt=(\d{1,6})/.exec(amz);
    const attempt = match?.[1] === undefined ? undefined : Number(match[1]);
    return attempt !== undefined && attempt >= 1 ? attempt - 1 : undefined;
  }
  return undefined;
}
