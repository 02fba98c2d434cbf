// Messages the server keeps for a session beside its credentials (as auth-state entries it prunes by age):
// what a restarted bridge needs to download a received message's media, or to decrypt votes on a poll it sent.
import { messageFromRef } from '../mapping/index.js';

/** Auth-state category under which the server keeps incoming media refs. */
export const MEDIA_REF = 'media-ref';
/** Auth-state category under which the server keeps the polls a session sent. */
export const POLL_REF = 'poll-secret';

/** Stores a ref (mediaRefOf, pollRefOf) under the message's id. */
export function storeRef(session, category, messageId, value) {
  return session.link.write(session.ref, [{ key: { category, id: messageId }, value }], []);
}

/** A media or poll ref the server keeps for this session, as the message it was made from; null if none. */
export async function readRef(session, category, messageId) {
  const [entry] = await session.link.read(session.ref, [{ category, id: messageId }]);
  return entry ? messageFromRef(entry.value) : null;
}
