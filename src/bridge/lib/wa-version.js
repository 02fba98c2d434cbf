// Which WhatsApp Web version the sockets announce. WhatsApp refuses versions it no longer supports (a 405
// failure, reported as client_outdated), and Baileys' built-in one ages with each release: WAPI_WA_VERSION pins
// one; otherwise the bridge asks web.whatsapp.com once per process, and falls back to the built-in one quickly
// when it cannot be reached (machines without Internet access, WhatsApp Web down).
import { DEFAULT_CONNECTION_CONFIG, fetchLatestWaWebVersion } from '@whiskeysockets/baileys';
import { parseWaVersion } from './mapping/index.js';

export const FETCH_TIMEOUT_MS = 3000;

/**
 * @param configured  WAPI_WA_VERSION from the server's hello ("" when unset)
 * @param fetchLatest Baileys' fetchLatestWaWebVersion (tests pass a fake)
 * @returns [major, minor, revision]: the pinned, fetched or built-in version; never rejects, never waits longer
 *          than `timeoutMs`
 */
export async function resolveWaVersion({ configured, logger, fetchLatest = fetchLatestWaWebVersion, timeoutMs = FETCH_TIMEOUT_MS }) {
  const pinned = parseWaVersion(configured);
  if (pinned) {
    logger.info({ version: pinned.join('.') }, 'WhatsApp Web version from WAPI_WA_VERSION');
    return pinned;
  }
  const builtIn = DEFAULT_CONNECTION_CONFIG.version;
  let timer;
  const gaveUp = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ isLatest: false, error: new Error(`no answer within ${timeoutMs} ms`) }), timeoutMs);
  });
  const fetched = Promise.resolve()
    .then(() => fetchLatest({ signal: AbortSignal.timeout(timeoutMs) }))
    .catch((error) => ({ isLatest: false, error }));
  const result = await Promise.race([fetched, gaveUp]);
  clearTimeout(timer);
  if (result?.isLatest && Array.isArray(result.version)) {
    logger.info({ version: result.version.join('.') }, 'WhatsApp Web version fetched from web.whatsapp.com');
    return result.version;
  }
  logger.warn(`could not fetch the current WhatsApp Web version (${result?.error?.message ?? 'no version in the answer'}); `
    + `using the built-in ${builtIn.join('.')} (set WAPI_WA_VERSION to choose one)`);
  return builtIn;
}
