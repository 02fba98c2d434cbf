// Small conversions the other mapping modules share: which JID to report, and WhatsApp's timestamps.

/** A LID-addressed JID replaced by its phone-number JID when WhatsApp gives one (clients can reply to that). */
export function preferPhoneJid(jid, alt) {
  if (jid?.endsWith('@lid') && alt?.endsWith('@s.whatsapp.net')) {
    return alt;
  }
  return jid;
}

/** A message timestamp (seconds, as a number or a Long) in milliseconds; now when there is none. */
export function toMillis(timestamp) {
  if (timestamp == null) {
    return Date.now();
  }
  const seconds = typeof timestamp === 'number' ? timestamp : Number(timestamp.toString());
  return seconds * 1000;
}
