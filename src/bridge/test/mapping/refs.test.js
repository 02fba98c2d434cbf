// Refs the server keeps: a received media message cut down to what downloading it again needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadMediaMessage } from '@whiskeysockets/baileys';
import { mediaRefOf, messageFromRef } from '../../lib/mapping/refs.js';
import { mediaOf } from '../../lib/mapping/incoming.js';
import { receivedDocument } from '../media-fixture.js';
import { logger } from './fixtures.js';

test('a stored media ref is enough to download and decrypt the media again, without the thumbnail', async (t) => {
  const { msg, original, close } = await receivedDocument({ logger });
  t.after(close);
  const ref = mediaRefOf(msg);
  assert.ok(ref.length < 600, `a ref is small: ${ref.length} bytes`);
  const restored = messageFromRef(ref);
  assert.equal(restored.key.id, msg.key.id);
  assert.equal(restored.message.documentMessage.jpegThumbnail?.length ?? 0, 0);
  assert.deepEqual(mediaOf(restored), { mimeType: 'application/pdf', fileName: 'invoice.pdf' });
  const data = await downloadMediaMessage(restored, 'buffer', {}, { logger, reuploadRequest: async (m) => m });
  assert.deepEqual(data, original);
});
