// A session's proxy (StartSessionRequest.proxy: socks5://[user:pass@]host:port or http://[user:pass@]host:port):
// the http.Agent its WhatsApp WebSocket and its media uploads go through (Baileys' `agent` and `fetchAgent`), the
// undici dispatcher its media and app-state downloads go through (Baileys' fetch `options.dispatcher`), and what
// went wrong with the proxy on the current attempt, so that a close it caused is reported as PROXY_FAILED.
// The credentials never leave this file: `display` and `failed()` are safe to log.
import tls from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksClient } from 'socks';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { Agent as UndiciAgent, ProxyAgent } from 'undici';

/** Why a proxy URL cannot be used, or null (the server checked it already; this guards the contract). */
export function proxyProblem(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'socks5:' && parsed.protocol !== 'http:') {
    return 'not socks5:// or http://';
  }
  return parsed.hostname && parsed.port ? null : 'no host or port';
}

export class ProxyRoute {
  /**
   * @param url       the proxy, credentials included
   * @param timeoutMs how long reaching the proxy and opening the tunnel may take
   */
  constructor(url, { timeoutMs }) {
    const parsed = new URL(url);
    this.socks = parsed.protocol === 'socks5:';
    this.display = `${parsed.protocol}//${parsed.username || parsed.password ? '***@' : ''}${parsed.host}`;
    this.secrets = [parsed.username, parsed.password]
      .filter(Boolean)
      .flatMap((s) => [s, safeDecode(s)])
      .filter((s) => s.length >= 3);
    this.failure = null;
    this.pending = 0;
    const route = this;
    const Base = this.socks ? SocksProxyAgent : HttpsProxyAgent;
    // Each connection attempt through the agent, within timeoutMs: a failure to reach the proxy or to open the tunnel
    // is remembered, and a tunnel the proxy refused fails the request (Baileys would wait for ever on an HTTP answer
    // that is not the WebSocket upgrade). A connect still pending at the timeout keeps its socket until the proxy
    // closes it (https-proxy-agent cannot abort it); the session goes on without it.
    class TrackedAgent extends Base {
      async connect(req, opts) {
        route.pending++;
        let refusedWith = null;
        req?.once?.('proxyConnect', (answer) => {
          if (answer?.statusCode !== 200) {
            refusedWith = answer?.statusCode;
          }
        });
        let timer;
        const attempt = super.connect(req, opts);
        const timeout = new Promise((resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        });
        try {
          const socket = await Promise.race([attempt, timeout]);
          if (refusedWith !== null) {
            socket?.destroy?.();
            throw new Error(`the proxy answered CONNECT with ${refusedWith}`);
          }
          return socket;
        } catch (error) {
          route.failure ??= error.message || String(error);
          attempt.then((late) => late?.destroy?.(), () => {});
          throw error;
        } finally {
          clearTimeout(timer);
          route.pending--;
        }
      }
    }
    this.agent = this.socks ? new TrackedAgent(url, { timeout: timeoutMs }) : new TrackedAgent(url);
    this.dispatcher = this.socks
      ? socksDispatcher(parsed, timeoutMs)
      : new ProxyAgent({ uri: url, connect: { timeout: timeoutMs } });
  }

  /** A new connection attempt: what failed on an earlier one no longer counts. */
  reset() {
    this.failure = null;
  }

  /**
   * Why the proxy failed on this attempt (credentials removed), or null when it did its part: it refused or was not
   * reached, refused the tunnel, or was still being reached when the attempt was given up.
   */
  failed() {
    if (this.failure) {
      return this.redact(`proxy ${this.display}: ${this.failure}`);
    }
    if (this.pending > 0) {
      return `proxy ${this.display}: did not answer in time`;
    }
    return null;
  }

  /** The text with the proxy's credentials replaced by ***. */
  redact(text) {
    let out = String(text ?? '');
    for (const secret of this.secrets) {
      out = out.split(secret).join('***');
    }
    return out;
  }

  close() {
    this.agent.destroy?.();
    this.dispatcher.close?.().catch?.(() => {});
  }
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** An undici dispatcher whose connections are tunnelled through a SOCKS5 proxy (TLS on top for https:). */
function socksDispatcher(parsed, timeoutMs) {
  const proxy = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port),
    type: 5,
    ...(parsed.username ? { userId: safeDecode(parsed.username), password: safeDecode(parsed.password) } : {}),
  };
  return new UndiciAgent({
    connect(opts, callback) {
      const https = opts.protocol === 'https:';
      SocksClient.createConnection({
        proxy,
        command: 'connect',
        timeout: timeoutMs,
        destination: { host: opts.hostname, port: Number(opts.port) || (https ? 443 : 80) },
      }).then(({ socket }) => {
        if (!https) {
          callback(null, socket);
          return;
        }
        const secure = tls.connect({ socket, servername: opts.servername || opts.hostname, ALPNProtocols: ['http/1.1'] });
        secure.once('secureConnect', () => callback(null, secure));
        secure.once('error', (error) => callback(error, null));
      }, (error) => callback(error, null));
    },
  });
}
