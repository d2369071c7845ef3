// undici's Request keeps the handler whose callbacks it calls under a symbol
// of its own (`Symbol('handler')`, undici 5 to 8), one per undici copy. Found
// once per Request class by its description; undefined where there is none.

const keys = new WeakMap<object, symbol | null>();

export function undiciRequestHandler(request: object): unknown {
  const proto = Object.getPrototypeOf(request) as object | null;
  if (proto === null) return undefined;
  let key = keys.get(proto);
  if (key === undefined) {
    key =
      Object.getOwnPropertySymbols(request).find(
        symbol => symbol.description === 'handler',
      ) ?? null;
    keys.set(proto, key);
  }
  return key === null ? undefined : (request as Record<symbol, unknown>)[key];
}
