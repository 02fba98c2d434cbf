// What the server asks to send: a SendRequest as Baileys' message content and send options, and read receipts.

/** A SendRequest's content as Baileys' AnyMessageContent, with its mentions. */
export function toContent(request) {
  const content = contentOf(request);
  if (request.mentions?.length) {
    content.mentions = [...request.mentions];
  }
  return content;
}

/** Baileys' send options of a SendRequest: our message id, and the quoted message for a reply. */
export function toSendOptions(request) {
  const options = { messageId: request.message_id };
  if (request.quoted?.key?.id) {
    const { key, text } = request.quoted;
    // Baileys builds the quote from a message; the text is what the recipient sees in it.
    options.quoted = {
      key: { remoteJid: request.jid, id: key.id, fromMe: Boolean(key.from_me), participant: key.participant || undefined },
      message: { conversation: text ?? '' },
    };
  }
  return options;
}

/** Read receipts' keys for Baileys' readMessages. */
export function toReadKeys(request) {
  return (request.messages ?? []).map((k) => ({
    remoteJid: request.chat_jid, id: k.id, fromMe: Boolean(k.from_me), participant: k.participant || undefined,
  }));
}

/**
 * The server's preview of a text's URL as Baileys' WAUrlInfo, or null: null tells Baileys not to look for a
 * preview itself (fetching a tenant's URL from here would bypass the server's address guard).
 */
export function linkPreviewOf(text) {
  const p = text.preview;
  if (text.no_link_preview || !p) {
    return null;
  }
  const thumbnail = p.jpeg_thumbnail?.length ? Buffer.from(p.jpeg_thumbnail) : undefined;
  return {
    'canonical-url': p.canonical_url,
    'matched-text': p.matched_text,
    title: p.title ?? '',
    description: p.description || undefined,
    jpegThumbnail: thumbnail,
  };
}

function contentOf(request) {
  switch (request.content) {
    case 'text':
      return { text: request.text.text, linkPreview: linkPreviewOf(request.text) };
    case 'location': {
      const l = request.location;
      return { location: { degreesLatitude: l.latitude, degreesLongitude: l.longitude, name: l.name || undefined, address: l.address || undefined } };
    }
    case 'contacts': {
      const cards = request.contacts.contacts.map((c) => ({ displayName: c.name, vcard: c.vcard }));
      return { contacts: { displayName: cards.length === 1 ? cards[0].displayName : `${cards.length} contacts`, contacts: cards } };
    }
    case 'reaction': {
      const { target, emoji } = request.reaction;
      return {
        react: {
          text: emoji ?? '',
          key: { remoteJid: request.jid, id: target.id, fromMe: Boolean(target.from_me), participant: target.participant || undefined },
        },
      };
    }
    case 'poll':
      return {
        poll: {
          name: request.poll.question,
          values: request.poll.options,
          selectableCount: request.poll.selectable_count,
        },
      };
    case 'media': {
      const m = request.media;
      const data = Buffer.from(m.data);
      const caption = m.caption || undefined;
      switch (m.kind) {
        case 'MEDIA_KIND_IMAGE': return { image: data, mimetype: m.mime_type, caption };
        case 'MEDIA_KIND_VIDEO': return { video: data, mimetype: m.mime_type, caption };
        case 'MEDIA_KIND_AUDIO':
          // WhatsApp plays push-to-talk audio as a voice note; it expects OGG/Opus with the codec named.
          return m.voice_note
            ? { audio: data, mimetype: 'audio/ogg; codecs=opus', ptt: true }
            : { audio: data, mimetype: m.mime_type };
        case 'MEDIA_KIND_DOCUMENT':
          return { document: data, mimetype: m.mime_type, fileName: m.file_name || 'file', caption };
        case 'MEDIA_KIND_STICKER':
          return { sticker: data, mimetype: 'image/webp', isAnimated: isAnimatedWebp(data) };
        default:
          throw new Error(`unsupported media kind ${m.kind}`);
      }
    }
    default:
      throw new Error(`unsupported content ${request.content}`);
  }
}

/** An animated WebP has an ANIM chunk (RIFF....WEBPVP8X with the animation flag, then ANIM). */
export function isAnimatedWebp(data) {
  return data.length > 30 && data.toString('ascii', 12, 16) === 'VP8X' && (data[20] & 0x02) !== 0;
}
