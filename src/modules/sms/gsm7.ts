// The GSM 03.38 basic character set; one SMS segment holds 160 of these.
const BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const REPLACEMENTS: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-', '…': '...', ' ': ' ', '•': '-' };
export const SEGMENT_LENGTH = 160;

/** Text any phone shows the same way: typographic punctuation made plain, anything else outside GSM-7 dropped to "?". */
export function toGsm7(text: string): string {
  return [...text].map((char) => (BASIC.has(char) ? char : (REPLACEMENTS[char] ?? '?'))).join('');
}

/**
 * One segment where possible: the body is shortened (with "...") so that body and link together fit in
 * 160 characters; the link itself is never cut.
 */
export function fitSegment(body: string, link = ''): string {
  const tail = link ? ` ${link}` : '';
  const plain = toGsm7(body);
  const room = SEGMENT_LENGTH - tail.length;
  if (plain.length <= room) return `${plain}${tail}`;
  return room > 3 ? `${plain.slice(0, room - 3).trimEnd()}...${tail}` : `${plain}${tail}`;
}

/** Whether body and link fit in one segment as they are, with nothing shortened. */
export function fitsWhole(body: string, link = ''): boolean {
  return toGsm7(body).length + (link ? link.length + 1 : 0) <= SEGMENT_LENGTH;
}
