// vCards as WhatsApp's contact messages carry them.

/**
 * The name and phone numbers of a vCard (2.1, 3.0 or 4.0): FN (else N), and each TEL's WhatsApp id
 * (waid) or, without one, its value. Folded lines are unfolded and RFC 2426 escapes undone.
 */
export function parseVCard(text) {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  let name = '';
  let family = '';
  const phones = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) {
      continue;
    }
    const [property, ...params] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1);
    const prop = property.replace(/^item\d+\./i, '').toUpperCase();
    if (prop === 'FN') {
      name = unescapeVCard(value);
    } else if (prop === 'N' && !family) {
      family = value.split(';').map(unescapeVCard).filter(Boolean).reverse().join(' ');
    } else if (prop === 'TEL') {
      const waid = params.map((p) => /^waid=(\d+)$/i.exec(p)?.[1]).find(Boolean);
      phones.push(waid ? `+${waid}` : unescapeVCard(value).trim());
    }
  }
  return { name: name || family, phones };
}

function unescapeVCard(value) {
  return value.replace(/\\([\\,;nN])/g, (_, c) => (c === 'n' || c === 'N' ? '\n' : c));
}
