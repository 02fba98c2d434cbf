// A received document whose media Baileys encrypted as for WhatsApp's media servers, served by a local
// HTTP server standing in for the CDN (this machine cannot reach WhatsApp's).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { generateWAMessageContent, proto } from '@whiskeysockets/baileys';

export async function receivedDocument({ logger, id = '3EB0AAAABBBBCCCCDDDD', from = '919876543210@s.whatsapp.net' }) {
  const original = Buffer.from('%PDF-1.4 the invoice '.repeat(500));
  let encrypted;
  // Paths the CDN no longer serves (answered `gone`, 410 unless told), and every path asked for.
  const expired = new Map();
  const requests = [];
  const cdn = http.createServer((req, res) => {
    requests.push(req.url);
    if (expired.has(req.url)) {
      res.statusCode = expired.get(req.url);
    }
    res.end(expired.has(req.url) ? '' : encrypted);
  });
  await new Promise((r) => cdn.listen(0, '127.0.0.1', r));
  const urlOf = (path) => `http://127.0.0.1:${cdn.address().port}${path}`;
  const content = await generateWAMessageContent(
    { document: original, mimetype: 'application/pdf', fileName: 'invoice.pdf', jpegThumbnail: Buffer.alloc(2000, 1) },
    {
      logger,
      upload: async (path) => {
        encrypted = await readFile(path);
        return { mediaUrl: urlOf('/d/f/enc'), directPath: '' };
      },
    });
  // As it arrives: decoded from the wire encoding.
  const message = proto.Message.toObject(proto.Message.decode(proto.Message.encode(content).finish()));
  const msg = proto.WebMessageInfo.fromObject({
    key: { remoteJid: from, fromMe: false, id },
    message,
    messageTimestamp: 1735689600,
  });
  const gone = (path = '/d/f/enc', status = 410) => expired.set(path, status);
  return { msg, original, close: () => cdn.close(), cdn: { urlOf, gone, requests } };
}
