// The URL node:http will request, from the ClientRequest it built and the
// arguments the app passed ((url[, options][, cb]) or (options[, cb])).

import type { ClientRequest } from 'node:http';

interface PortOptions {
  readonly port?: number | string | null;
  readonly defaultPort?: number;
  readonly agent?: { defaultPort?: number } | false;
}

/** The other scheme's default port: no agent's default for this one. */
const OTHER_DEFAULT: Readonly<Record<string, string>> = {
  'https:': '80',
  'http:': '443',
};

function explicitPort(
  args: readonly unknown[],
  protocol: string,
): string | undefined {
  let port: string | undefined;
  for (const arg of args) {
    if (typeof arg === 'string') {
      port = new URL(arg).port || port;
    } else if (arg instanceof URL) {
      port = arg.port || port;
    } else if (typeof arg === 'object' && arg !== null) {
      const options = arg as PortOptions;
      if (options.port != null && options.port !== '')
        port = String(options.port);
      else if (port === undefined) {
        const fallback =
          options.defaultPort ??
          (options.agent === false ? undefined : options.agent?.defaultPort);
        // agent-base (https-proxy-agent, proxy-agent) works out its default
        // from the call stack: 443 when node:https asks, 80 when we do.
        if (
          fallback !== undefined &&
          String(fallback) !== OTHER_DEFAULT[protocol]
        )
          port = String(fallback);
      }
    }
  }
  return port;
}

/** A request target in absolute form, as sent to an HTTP proxy. */
const ABSOLUTE_FORM = /^https?:\/\//i;

export function httpRequestUrl(
  request: ClientRequest,
  args: readonly unknown[],
): URL {
  // A proxy agent (http-proxy-agent, proxy-agent) connects to the proxy and
  // rewrites the path to the whole target URL: that URL is the one called.
  if (ABSOLUTE_FORM.test(request.path)) return new URL(request.path);
  const protocol = request.protocol || 'http:';
  const host =
    request.host.includes(':') && !request.host.startsWith('[')
      ? `[${request.host}]`
      : request.host;
  const url = new URL(`${protocol}//${host}${request.path}`);
  const port = explicitPort(args, protocol);
  if (port !== undefined) url.port = port; // Default ports normalise to ''.
  return url;
}
