// server.address and server.port from the request URL. Only host and port:
// the path and query (which may carry ?key=) are never exported.

export interface ServerAddress {
  readonly address: string;
  readonly port: number;
}

export function serverAddress(url: URL): ServerAddress {
  const host = url.hostname;
  const address =
    host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const port =
    url.port !== '' ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  return { address, port };
}
