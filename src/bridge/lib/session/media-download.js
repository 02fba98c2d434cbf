// Fetching a received message's media from WhatsApp's media servers. They keep an upload for a while only (about
// two weeks) and then answer 403, 404 or 410; the phone still has the file, and uploads it again when asked
// (Baileys' updateMediaMessage: a media-retry request, answered with a new direct path). So an expired download
// asks once for a re-upload and tries once more. Baileys' own retry (downloadMediaMessage's reuploadRequest) looks
// for a `status` its download errors do not carry, and its updateMediaMessage waits for the phone without end:
// both are done here instead.
import { downloadMediaMessage } from '@whiskeysockets/baileys';

/** What WhatsApp's media servers answer for media they no longer keep. */
const EXPIRED_STATUSES = new Set([403, 404, 410]);
/** How long the phone may take to upload the media again when the caller set no deadline. */
export const DEFAULT_REUPLOAD_WAIT_MS = 20000;

/** The HTTP status of a failed download (Baileys' Boom), if it was one. */
export function statusOf(error) {
  return error?.output?.statusCode ?? error?.status;
}

const fetchOnce = (msg) => downloadMediaMessage(msg, 'buffer', {});

/**
 * The media of `msg`, asking the phone to upload it again when the media servers no longer have it.
 *
 * @param msg       the received message (its media key and direct path), as kept in memory or as a stored ref
 * @param reupload  (msg) -> Promise<msg with a new direct path>: the socket's updateMediaMessage; null when the
 *                  session is not connected (an expired download then fails: the phone cannot be asked)
 * @param waitMs    how long the phone may take to answer the re-upload request
 * @returns { data } or, after a re-upload, { data, renewed } (the message with its new path, to keep), or
 *          { expired } (what failed) when the media servers refused it and the phone did not upload it again
 * @throws any other failure (a network error, a decryption error): a retry may succeed
 */
export async function downloadWithReupload(msg, { reupload, waitMs = DEFAULT_REUPLOAD_WAIT_MS, logger }) {
  try {
    return { data: await fetchOnce(msg) };
  } catch (error) {
    if (!EXPIRED_STATUSES.has(statusOf(error))) {
      throw error;
    }
    if (!reupload) {
      throw new Error(`WhatsApp's media servers no longer have the media (${statusOf(error)}) and the session is not connected to ask the phone for it`, { cause: error });
    }
    logger?.info({ id: msg.key?.id, status: statusOf(error) }, 'media expired on WhatsApp\'s servers: asking the phone to upload it again');
  }
  let renewed;
  try {
    renewed = await withTimeout(reupload(msg), waitMs, `no answer within ${waitMs} ms`);
  } catch (error) {
    logger?.info({ id: msg.key?.id, err: error }, 'media re-upload failed');
    return { expired: `the phone did not upload it again: ${error.message}` };
  }
  try {
    return { data: await fetchOnce(renewed), renewed };
  } catch (error) {
    if (EXPIRED_STATUSES.has(statusOf(error))) {
      return { expired: `still refused (${statusOf(error)}) after the phone uploaded it again` };
    }
    throw error;
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
