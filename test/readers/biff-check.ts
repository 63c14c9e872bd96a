// A structure checker for a BIFF8 Workbook stream, written apart from src/lib/io/xls: jxl, POI and
// LibreOffice ignore the absolute offsets (they read a file with every one stale), Excel does not,
// so the tests check them here. Returns what is wrong, in English, or [] when all is consistent.
import * as XLSX from 'xlsx';

const u16 = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8);
const u32 = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;

interface R { type: number; pos: number; body: Uint8Array }

export function records(stream: Uint8Array): R[] {
  const out: R[] = [];
  for (let p = 0; p + 4 <= stream.length; ) {
    const len = u16(stream, p + 2);
    out.push({ type: u16(stream, p), pos: p, body: stream.subarray(p + 4, p + 4 + len) });
    p += 4 + len;
  }
  return out;
}

/** The Workbook stream of a compound file, and every stream's content by path. */
export function streams(file: Uint8Array): Map<string, Uint8Array> {
  const cfb = XLSX.CFB.read(file, { type: 'array' }) as { FullPaths: string[]; FileIndex: { type: number; content?: ArrayLike<number> }[] };
  const out = new Map<string, Uint8Array>();
  cfb.FileIndex.forEach((e, i) => {
    if (e.type === 2 && !cfb.FullPaths[i]!.endsWith('\u0001Sh33tJ5')) out.set(cfb.FullPaths[i]!.replace(/^[^/]*\//, ''), Uint8Array.from(e.content ?? []));
  });
  return out;
}

const CELLS = new Set([0x00fd, 0x0204, 0x00d6, 0x0203, 0x027e, 0x0201, 0x0205, 0x0006, 0x00bd, 0x00be]);
const lastCol = (r: R) => (r.type === 0x00bd || r.type === 0x00be ? u16(r.body, r.body.length - 2) : u16(r.body, 2));

export function biffProblems(stream: Uint8Array): string[] {
  const recs = records(stream);
  const problems: string[] = [];
  const byPos = new Map(recs.map((r) => [r.pos, r]));
  // Substreams.
  const subs: { bof: number; eof: number }[] = [];
  let depth = 0;
  let start = 0;
  recs.forEach((r, i) => {
    if (r.type === 0x0809) { if (depth++ === 0) start = i; }
    else if (r.type === 0x000a && depth > 0 && --depth === 0) subs.push({ bof: start, eof: i });
  });
  const globals = subs[0]!;
  const sheetBofs = new Set(subs.slice(1).map((s) => recs[s.bof]!.pos));
  for (let i = 0; i < globals.eof; i++) {
    const r = recs[i]!;
    if (r.type === 0x0085 && !sheetBofs.has(u32(r.body, 0))) problems.push(`BOUNDSHEET8 points at ${u32(r.body, 0)}, no sheet starts there`);
  }
  // The SST: every string read through its CONTINUEs; where each starts.
  const sstAt = recs.findIndex((r) => r.type === 0x00fc);
  const starts: number[] = [];
  let unique = 0;
  if (sstAt >= 0) {
    const segs: R[] = [recs[sstAt]!];
    for (let i = sstAt + 1; recs[i]?.type === 0x003c; i++) segs.push(recs[i]!);
    unique = u32(segs[0]!.body, 4);
    let k = 0;
    let off = 8;
    const settle = () => { while (k < segs.length && off >= segs[k]!.body.length) { k++; off = 0; } };
    const byte = () => { settle(); return segs[k]!.body[off++]!; };
    try {
      for (let s = 0; s < unique; s++) {
        settle();
        if (k >= segs.length) throw new Error(`SST has ${s} of ${unique} strings`);
        starts.push(segs[k]!.pos + 4 + off);
        const cch = byte() | (byte() << 8);
        const flags = byte();
        const runs = flags & 8 ? byte() | (byte() << 8) : 0;
        const ext = flags & 4 ? (byte() | (byte() << 8) | (byte() << 16) | (byte() << 24)) >>> 0 : 0;
        let high = flags & 1;
        for (let left = cch; left > 0; ) {
          if (off >= segs[k]!.body.length) { k++; off = 0; if (k >= segs.length) throw new Error('SST string runs out'); high = segs[k]!.body[off++]! & 1; }
          const n = Math.min(left, Math.floor((segs[k]!.body.length - off) / (high ? 2 : 1)));
          if (n === 0) throw new Error('SST character split');
          off += n * (high ? 2 : 1);
          left -= n;
        }
        for (let skip = runs * 4 + ext; skip > 0; skip--) byte();
      }
      settle();
      if (k < segs.length) problems.push('SST has bytes after its last string');
    } catch (e) {
      problems.push((e as Error).message);
    }
    const ext = recs.find((r) => r.type === 0x00ff);
    if (ext) {
      const dsst = u16(ext.body, 0);
      for (let b = 0; 2 + 8 * b + 8 <= ext.body.length; b++) {
        if (u32(ext.body, 2 + 8 * b) !== starts[b * dsst]) problems.push(`EXTSST bucket ${b} points at ${u32(ext.body, 2 + 8 * b)}, string ${b * dsst} starts at ${starts[b * dsst]}`);
      }
      if ((ext.body.length - 2) / 8 < Math.min(128, Math.ceil(unique / dsst))) problems.push('EXTSST has too few buckets');
    }
  }
  for (const s of subs.slice(1)) {
    const own: R[] = [];
    let d = 0;
    for (let i = s.bof + 1; i < s.eof; i++) {
      const r = recs[i]!;
      if (r.type === 0x0809) d++;
      else if (r.type === 0x000a && d > 0) d--;
      else if (d === 0) own.push(r);
    }
    const dbcells = own.filter((r) => r.type === 0x00d7);
    const index = own.find((r) => r.type === 0x020b);
    if (index) {
      const listed = Array.from({ length: (index.body.length - 16) / 4 }, (_, k) => u32(index.body, 16 + 4 * k));
      if (listed.join() !== dbcells.map((r) => r.pos).join()) problems.push(`INDEX lists DBCELLs at ${listed.join()}, they are at ${dbcells.map((r) => r.pos).join()}`);
      const defcol = own.find((r) => r.type === 0x0055);
      if (defcol && u32(index.body, 12) !== 0 && u32(index.body, 12) !== defcol.pos) problems.push('INDEX does not point at DEFCOLWIDTH');
    }
    for (const db of dbcells) {
      const first = byPos.get(db.pos - u32(db.body, 0));
      if (first?.type !== 0x0208) problems.push(`DBCELL at ${db.pos} points back at no ROW record`);
      // Each offset, added up, lands on a cell record.
      let ref = first ? first.pos + 20 : 0;
      for (let k = 0; 4 + 2 * k < db.body.length; k++) {
        const o = u16(db.body, 4 + 2 * k);
        if (o === 0) continue;
        ref += o;
        if (!CELLS.has(byPos.get(ref)?.type ?? -1)) problems.push(`DBCELL at ${db.pos}: offset ${k} lands on no cell`);
      }
    }
    // ROW spans and DIMENSIONS cover every cell; SST indices are in the table.
    const rows = new Map(own.filter((r) => r.type === 0x0208).map((r) => [u16(r.body, 0), r]));
    const dim = own.find((r) => r.type === 0x0200);
    for (const r of own) {
      if (!CELLS.has(r.type)) continue;
      const row = u16(r.body, 0);
      const c0 = u16(r.body, 2);
      const c1 = lastCol(r);
      const rr = rows.get(row);
      if (rows.size && !rr) problems.push(`cell ${row},${c0} has no ROW record`);
      if (rr && (c0 < u16(rr.body, 2) || c1 >= u16(rr.body, 4))) problems.push(`cell ${row},${c0} is outside its ROW's columns`);
      if (dim && (row < u32(dim.body, 0) || row >= u32(dim.body, 4) || c0 < u16(dim.body, 8) || c1 >= u16(dim.body, 10))) problems.push(`cell ${row},${c0} is outside DIMENSIONS`);
      if (r.type === 0x00fd && u32(r.body, 6) >= unique) problems.push(`cell ${row},${c0} names string ${u32(r.body, 6)} of ${unique}`);
    }
  }
  return problems;
}
