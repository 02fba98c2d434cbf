// vCards as WhatsApp's contact messages carry them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVCard } from '../../lib/mapping/vcard.js';
import { VCARD } from './fixtures.js';

test('a vCard is parsed for its name and phones, escapes undone', () => {
  assert.deepEqual(parseVCard(VCARD), { name: 'Asha Rao', phones: ['+919876543210'] });
  assert.deepEqual(parseVCard('BEGIN:VCARD\nVERSION:2.1\nN:Rao;Asha\nTEL;CELL:+1 555 0100\nitem1.TEL:+44 20 7946 0000\nEND:VCARD'),
    { name: 'Asha Rao', phones: ['+1 555 0100', '+44 20 7946 0000'] });
  assert.equal(parseVCard('BEGIN:VCARD\r\nFN:Smith\\, John\\; Jr\r\nEND:VCARD').name, 'Smith, John; Jr');
});
