// A URL path segment as its name reads (an Azure deployment, a Gemini or
// Bedrock model, a conversation id), or as it came when it is not valid
// percent-encoding: a name in a URL must never make matching throw.

export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
