// The pairs of LID and phone number a socket learns, reported to the server (which keeps them per session): Baileys'
// lid-mapping.update, and the pairs of history sync and contact sync. Message keys' own pairs travel with the
// Incoming they belong to (from_lid, participant_lid).
import { contactMappingsOf, historyMappingsOf, lidMappingsOf } from '../mapping/index.js';

export function reportIdentities(session, sock) {
  const report = (mappings) => {
    if (mappings.length) {
      session.link.event(session.ref, { lid_mappings: { mappings } });
    }
  };
  sock.ev.on('lid-mapping.update', (mapping) => report(lidMappingsOf(mapping)));
  sock.ev.on('messaging-history.set', (history) => report(historyMappingsOf(history)));
  sock.ev.on('contacts.upsert', (contacts) => report(contactMappingsOf(contacts)));
  sock.ev.on('contacts.update', (contacts) => report(contactMappingsOf(contacts)));
}
