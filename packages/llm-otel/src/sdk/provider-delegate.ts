// The API hands out proxy tracer and logger providers; the SDK provider
// registered behind one is its delegate.

/** The SDK provider behind the API's proxy, or the provider itself. */
export function providerDelegate(provider: unknown): unknown {
  const proxy = provider as {
    getDelegate?: () => unknown;
    _getDelegate?: () => unknown;
  } | null;
  return proxy?.getDelegate?.() ?? proxy?._getDelegate?.() ?? provider;
}
