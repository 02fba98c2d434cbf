// A socket's message, receipt and group events as reports to the server (the socket's connection and
// credential events are the session's lifecycle, in session-host.js).
import { ackOf, groupChangesOf, groupUpdatesOf, pollUpdateTarget, toIncoming, toIncomingChange } from '../mapping/index.js';
import { reportIdentities } from './identities.js';

export function reportEvents(session, sock) {
  const report = (event) => session.link.event(session.ref, event);
  reportIdentities(session, sock);
  sock.ev.on('messages.upsert', ({ messages, type }) => {
    if (type !== 'notify') {
      return; // history and our own appends, not new messages
    }
    for (const msg of messages) {
      if (pollUpdateTarget(msg)) {
        session.polls.vote(msg);
        continue;
      }
      const change = toIncomingChange(msg);
      if (change) {
        // After any report still waiting for its media ref: an edit never overtakes the message it edits.
        session.enqueue((reports) => reports.then(() => report(change)));
        continue;
      }
      const incoming = toIncoming(msg);
      if (incoming) {
        session.incomingMessages.received(msg, incoming);
      }
    }
  });
  sock.ev.on('messages.update', (updates) => {
    for (const { key, update } of updates) {
      const status = key.fromMe && update.status != null ? ackOf(update.status) : null;
      if (status) {
        report({ ack: { message_id: key.id, status } });
      }
    }
  });
  sock.ev.on('group-participants.update', (update) => {
    for (const group of groupChangesOf(update, [sock.user?.id, sock.user?.lid])) {
      report({ group });
    }
  });
  sock.ev.on('groups.update', (updates) => {
    for (const group of groupUpdatesOf(updates)) {
      report({ group });
    }
  });
  sock.ev.on('message-receipt.update', (receipts) => {
    for (const { key, receipt } of receipts) {
      if (key.fromMe) {
        const status = receipt.readTimestamp || receipt.playedTimestamp ? 'ACK_STATUS_READ' : 'ACK_STATUS_DELIVERED';
        report({ ack: { message_id: key.id, status } });
      }
    }
  });
}
