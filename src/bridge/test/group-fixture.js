// What Baileys gives for a group, shared by the group mapping tests and the bridge's group RPC test.
import { assertNodeErrorFree } from '@whiskeysockets/baileys';

export const GROUP = '120363040000000000@g.us';
export const ME = '919800000001@s.whatsapp.net';

/** What Baileys' groupMetadata / groupCreate return (GroupMetadata; Baileys 7 participants carry LIDs and phone numbers). */
export const METADATA = {
  id: GROUP,
  addressingMode: 'lid',
  owner: '998877665544@lid',
  ownerPn: ME,
  subject: 'Launch team',
  creation: 1735689600,
  desc: 'Ship it',
  participants: [
    { id: '998877665544@lid', phoneNumber: ME, admin: 'superadmin' },
    { id: '919800000002@s.whatsapp.net', admin: 'admin' },
    { id: '554433221100@lid', phoneNumber: '919800000003@s.whatsapp.net', admin: null },
  ],
};

/** A query's <error/> child exactly as Baileys turns it into an exception. */
export function queryError(code, text) {
  try {
    assertNodeErrorFree({ tag: 'iq', attrs: {}, content: [{ tag: 'error', attrs: { code: String(code), text } }] });
  } catch (error) {
    return error;
  }
  throw new Error('no error thrown');
}
