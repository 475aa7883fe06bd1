/**
 * Draws the installable app's icons into web/public/icons (committed; run again after changing the
 * design): Qgig's green with a white ring, at the sizes browsers ask for, and maskable variants whose
 * ring stays inside the central 80 % safe zone that launchers may crop to. PNG written with zlib alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const GREEN = [0x0a, 0x5c, 0x36];
const WHITE = [0xff, 0xff, 0xff];
const outDir = path.resolve(import.meta.dirname, '../web/public/icons');

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A ring (outer radius `scale` of half the side, the Q's tail a short bar) on green, as an RGB PNG. */
function icon(size: number, scale: number): Buffer {
  const rows: Buffer[] = [];
  const centre = size / 2;
  const outer = (size / 2) * scale;
  const inner = outer * 0.62;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - centre;
      const dy = y + 0.5 - centre;
      const distance = Math.hypot(dx, dy);
      const ring = distance <= outer && distance >= inner;
      // The tail: a bar from the ring's lower right outwards, at 45°.
      const along = (dx + dy) / Math.SQRT2;
      const across = Math.abs(dx - dy) / Math.SQRT2;
      const tail = along >= inner * 0.9 && along <= outer * 1.25 && across <= (outer - inner) / 2;
      (ring || tail ? WHITE : GREEN).forEach((value, channel) => (row[1 + x * 3 + channel] = value));
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(outDir, { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(path.join(outDir, `icon-${size}.png`), icon(size, 0.7));
  writeFileSync(path.join(outDir, `maskable-${size}.png`), icon(size, 0.5));
}
console.log(`icons written to ${path.relative(process.cwd(), outDir)}`);
