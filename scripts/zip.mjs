// Zip files for the hostile corpus, with every header field under control: what a normal writer
// would never produce is what the corpus needs. Deterministic (fixed timestamps).
import zlib from 'node:zlib';
import * as XLSX from 'xlsx';

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();
export function crc32(bytes, crc = 0) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(bytes, crc) >>> 0;
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export const enc = (s) => new TextEncoder().encode(s);
export function concat(parts) {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A zip's parts: each entry's local header and data, and its central directory record. Each entry:
 * { name, data } (deflated here), or { name, deflated, crc, size } (already deflated). `lie`
 * overrides what the headers declare: { usz, csz, localUsz, localCsz, descriptor, descriptorUsz };
 * `zip64` puts the sizes in ZIP64 extra fields (`extra`, when given, is the extra field of both
 * headers as it is); `centralName` names the entry differently in the central directory.
 * Names as Windows or Unix tools store them: `name` may be raw bytes (a GBK name), `flags` replaces
 * the general-purpose flags (default: bit 11, UTF-8 names), `madeBy` the central header's
 * "version made by" (default 20: MS-DOS host), and `centralExtra` is the central header's extra
 * field only (where the Info-ZIP Unicode Path field lives).
 * Timestamps are fixed (1980-01-01) so the bytes are the same on every run.
 */
export function zipParts(entries) {
  const local = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? enc(e.name) : e.name;
    let deflated = e.deflated;
    let crc = e.crc;
    let size = e.size;
    if (!deflated) {
      deflated = zlib.deflateRawSync(e.data, { level: 6 });
      crc = crc32(e.data);
      size = e.data.length;
    }
    const lie = e.lie ?? {};
    const usz = lie.usz ?? size;
    const csz = lie.csz ?? deflated.length;
    const descriptor = lie.descriptor ?? false;
    const flags = (e.flags ?? 0x0800) | (descriptor ? 0x0008 : 0);
    // ZIP64: sizes 0xFFFFFFFF in the headers, the real ones in an extra field (id 1).
    let extra = new Uint8Array(e.zip64 ? 20 : 0);
    if (e.extra) extra = e.extra;
    else if (e.zip64) {
      const x = new DataView(extra.buffer);
      x.setUint16(0, 1, true);
      x.setUint16(2, 16, true);
      x.setUint32(4, usz, true);
      x.setUint32(12, csz, true);
    }
    const size32 = (v) => (e.zip64 ? 0xffffffff : v);
    const lh = new DataView(new ArrayBuffer(30));
    lh.setUint32(0, 0x04034b50, true);
    lh.setUint16(4, 20, true);
    lh.setUint16(6, flags, true);
    lh.setUint16(8, 8, true);
    lh.setUint16(10, 0, true); // 00:00
    lh.setUint16(12, 0x21, true); // 1980-01-01
    lh.setUint32(14, descriptor ? 0 : crc, true);
    lh.setUint32(18, descriptor ? 0 : size32(lie.localCsz ?? csz), true);
    lh.setUint32(22, descriptor ? 0 : size32(lie.localUsz ?? usz), true);
    lh.setUint16(26, name.length, true);
    lh.setUint16(28, extra.length, true);
    const parts = [new Uint8Array(lh.buffer), name, extra, deflated];
    if (descriptor) {
      const dd = new DataView(new ArrayBuffer(16));
      dd.setUint32(0, 0x08074b50, true);
      dd.setUint32(4, crc, true);
      dd.setUint32(8, csz, true);
      dd.setUint32(12, lie.descriptorUsz ?? usz, true);
      parts.push(new Uint8Array(dd.buffer));
    }
    const block = concat(parts);
    local.push(block);
    const ch = new DataView(new ArrayBuffer(46));
    ch.setUint32(0, 0x02014b50, true);
    ch.setUint16(4, e.madeBy ?? 20, true);
    ch.setUint16(6, 20, true);
    ch.setUint16(8, flags, true);
    ch.setUint16(10, 8, true);
    ch.setUint16(12, 0, true);
    ch.setUint16(14, 0x21, true);
    ch.setUint32(16, crc, true);
    ch.setUint32(20, size32(csz), true);
    ch.setUint32(24, size32(usz), true);
    const centralName = e.centralName === undefined ? name : enc(e.centralName);
    ch.setUint16(28, centralName.length, true);
    const cextra = e.centralExtra ?? extra;
    ch.setUint16(30, cextra.length, true);
    ch.setUint32(42, offset, true);
    central.push(concat([new Uint8Array(ch.buffer), centralName, cextra]));
    offset += block.length;
  }
  return { local, central };
}

/** An end-of-central-directory record. */
export function endRecord(count, cdSize, cdStart) {
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Math.min(count, 0xffff), true);
  end.setUint16(10, Math.min(count, 0xffff), true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, cdStart, true);
  return new Uint8Array(end.buffer);
}

/** A zip file of the entries (see zipParts). */
export function zipFile(entries) {
  const { local, central } = zipParts(entries);
  const data = concat(local);
  const cd = concat(central);
  return concat([data, cd, endRecord(entries.length, cd.length, data.length)]);
}

/** The entries of a zip SheetJS wrote, as { name, data }, [Content_Types].xml first. */
export function unzip(bytes) {
  const cfb = XLSX.CFB.read(bytes, { type: 'buffer' });
  const out = [];
  cfb.FullPaths.forEach((p, i) => {
    const f = cfb.FileIndex[i];
    if (f.type !== 2 || f.name === '\u0001Sh33tJ5') return;
    out.push({ name: p.replace(/^Root Entry\//, ''), data: new Uint8Array(f.content) });
  });
  out.sort((a, b) => (a.name === '[Content_Types].xml' ? -1 : b.name === '[Content_Types].xml' ? 1 : a.name < b.name ? -1 : 1));
  return out;
}

