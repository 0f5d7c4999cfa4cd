import * as fs from "node:fs";
import { FixedSizeList, MetadataVersion, Type, UnionMode, type DataType, type Schema } from "apache-arrow";
// Arrow's own readers load a whole record batch at once, and lmdiff writes a
// cache as one batch (see mergeParts), so they would read the whole file.
// The footer and message decoders below are apache-arrow's, imported from
// its modules: they give each column's buffers as regions of the file, from
// which any range of rows is read on its own.
import { Footer } from "apache-arrow/ipc/metadata/file";
import { Message, type BufferRegion, type FieldNode } from "apache-arrow/ipc/metadata/message";

/** How the caller words what is wrong with a file (each problem as one line, in the caller's terms). */
export interface ArrowFileErrors {
  /** The file does not start as an Arrow IPC file. */
  notArrow(): Error;
  /** The file starts as one but has no footer: an unfinished write. */
  truncated(): Error;
  /** The structure is damaged; `detail` says where. */
  corrupted(detail: string): Error;
}

/** One top-level column in one record batch: its field node, its list items' node, and its buffers. */
interface ColumnPart {
  node: FieldNode;
  items: FieldNode | null;
  buffers: BufferRegion[];
}

/** One record batch: its rows and, for each field of the schema, where its buffers lie in the file. */
interface Batch {
  firstRow: number;
  length: number;
  /** File position of the batch's body; buffer offsets count from it. */
  body: number;
  /** By field index; null for a field whose layout is not known (see layout). */
  columns: (ColumnPart | null)[];
  compressed: boolean;
}

/** Rows of a bitmap read at once when searching it for nulls (bounded memory). */
const BITMAP_ROWS = 1 << 16;
const MAGIC = Buffer.from("ARROW1");
const decoder = new TextDecoder("utf-8");

/**
 * An Arrow IPC file opened for reading ranges of rows with positional
 * reads (fs.readSync at computed offsets), without reading the whole file:
 * memory is what the caller asks for, not the file's size.  Only the footer
 * and each record batch's metadata are read when it is opened.
 *
 * It reads fixed-width columns (Int32 and Float32, and fixed-size lists of
 * them) into the caller's arrays, and Utf8 columns as strings.  Files of
 * several batches are read across batch boundaries.  Compressed batches,
 * and columns after one of a layout it does not know (views), are not
 * read: `unsupported` and columnProblem say why, so that the caller can
 * fall back to Arrow's own reader.
 */
export class ArrowFileReader {
  readonly schema: Schema;
  readonly numRows: number;
  /** Why this file cannot be read in ranges (compressed batches), or null. */
  readonly unsupported: string | null;
  private readonly batches: Batch[];
  private closed = false;
  /** Scratch space for Utf8 offsets, reused from read to read. */
  private scratch = new Uint8Array(0);

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly errors: ArrowFileErrors,
  ) {
    const size = fs.fstatSync(fd).size;
    const head = this.bytes(0, Math.min(size, 6));
    if (size < 12 || !Buffer.from(head).equals(MAGIC)) throw errors.notArrow();
    if (!Buffer.from(this.bytes(size - 6, 6)).equals(MAGIC)) throw errors.truncated();
    const footerLength = Buffer.from(this.bytes(size - 10, 4)).readInt32LE(0);
    if (!(footerLength > 0 && footerLength <= size - 18)) throw errors.corrupted(`footer length ${footerLength} does not fit the file`);
    let footer: Footer;
    try {
      footer = Footer.decode(this.bytes(size - 10 - footerLength, footerLength));
    } catch (e) {
      throw errors.corrupted(firstLine(e));
    }
    if (!footer.schema) throw errors.corrupted("the footer has no schema");
    this.schema = footer.schema;
    const layouts = footer.schema.fields.map((f) => layout(f.type as DataType, footer.version));
    const batches: Batch[] = [];
    let rows = 0;
    let i = 0;
    for (const block of footer.recordBatches()) {
      const end = block.offset + block.metaDataLength + block.bodyLength;
      if (!(block.offset >= 8 && block.metaDataLength >= 8 && end <= size - 10 - footerLength))
        throw errors.corrupted(`record batch ${i} lies outside the file`);
      const meta = Buffer.from(this.bytes(block.offset, block.metaDataLength));
      // A continuation marker (−1) and then the metadata length, or (before
      // Arrow 0.15) the length alone; the body follows the metadata.
      const prefix = meta.readInt32LE(0) === -1 ? 8 : 4;
      const length = meta.readInt32LE(prefix - 4);
      if (!(length > 0 && prefix + length <= block.metaDataLength))
        throw errors.corrupted(`record batch ${i} has a metadata length of ${length}`);
      let message: Message;
      try {
        message = Message.decode(meta.subarray(prefix, prefix + length));
      } catch (e) {
        throw errors.corrupted(firstLine(e));
      }
      if (!message.isRecordBatch()) throw errors.corrupted(`block ${i} of the footer is not a record batch`);
      const header = message.header();
      const body = block.offset + prefix + length;
      if (body + message.bodyLength > size) throw errors.corrupted(`record batch ${i} lies outside the file`);
      const columns: (ColumnPart | null)[] = [];
      let node = 0;
      let buffer = 0;
      for (const l of layouts) {
        if (!l) {
          // Columns after this one cannot be located; a reader of them falls back (see unsupported).
          columns.push(null);
          break;
        }
        const nodes = header.nodes.slice(node, node + l.nodes);
        const buffers = header.buffers.slice(buffer, buffer + l.buffers);
        if (nodes.length < l.nodes || buffers.length < l.buffers)
          throw errors.corrupted(`record batch ${i} has fewer buffers than its schema needs`);
        for (const b of buffers)
          if (!(b.offset >= 0 && b.length >= 0 && b.offset + b.length <= message.bodyLength))
            throw errors.corrupted(`record batch ${i} has a buffer outside its body`);
        columns.push({ node: nodes[0], items: l.nodes > 1 ? nodes[1] : null, buffers });
        node += l.nodes;
        buffer += l.buffers;
      }
      batches.push({
        firstRow: rows,
        length: header.length,
        body,
        columns,
        compressed: !!header.compression,
      });
      rows += header.length;
      i++;
    }
    this.batches = batches;
    this.numRows = rows;
    const compressed = batches.findIndex((b) => b.compressed);
    this.unsupported = compressed >= 0 ? `record batch ${compressed} is compressed` : null;
  }

  /** Open a file; `errors` words what is wrong with it.  Close the reader when done. */
  static open(file: string, errors: ArrowFileErrors): ArrowFileReader {
    const fd = fs.openSync(file, "r");
    try {
      return new ArrowFileReader(file, fd, errors);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  /** Why a column cannot be read in ranges, or null when it can. */
  columnProblem(name: string): string | null {
    const f = this.fieldIndex(name);
    if (this.unsupported) return this.unsupported;
    return this.batches.some((b) => !b.columns[f]) ? `a column before ${name} has a layout that is not read in ranges` : null;
  }

  /**
   * The values of rows [start, end) of a fixed-width column (Int32 or
   * Float32, or a fixed-size list of `out`'s element type), row-major into
   * out[0, (end − start) × width).  Validity bitmaps are not read: see
   * firstNull.
   */
  readValues(name: string, start: number, end: number, out: Int32Array | Float32Array): void {
    const f = this.fieldIndex(name);
    const type = this.schema.fields[f].type as DataType;
    const width = type instanceof FixedSizeList ? type.listSize : 1;
    const size = out.BYTES_PER_ELEMENT;
    const bytes = new Uint8Array(out.buffer, out.byteOffset, (end - start) * width * size);
    this.eachPart(f, start, end, (part, b, s, e, at) => {
      // [validity, values], or for a list [validity, items' validity, items' values].
      const data = part.buffers[type instanceof FixedSizeList ? 2 : 1];
      if (part.node.length !== b.length || (part.items && part.items.length !== b.length * width))
        throw this.errors.corrupted(`column ${name} has ${part.node.length} rows in a record batch of ${b.length}`);
      if (data.length < b.length * width * size) throw this.errors.corrupted(`column ${name} has fewer values than rows`);
      this.readInto(bytes.subarray(at * width * size, (at + e - s) * width * size), b.body + data.offset + s * width * size);
    });
  }

  /**
   * Rows `rows` (ascending, within [start, end)) of a Utf8 column as
   * strings, null where the row is null, decoded as Arrow decodes them
   * (TextDecoder).  The offsets of rows [start, end) are read, and the
   * bytes they span.
   */
  readStrings(name: string, start: number, end: number, rows: ArrayLike<number>): (string | null)[] {
    const f = this.fieldIndex(name);
    const out = new Array<string | null>(rows.length).fill(null);
    let next = 0;
    this.eachPart(f, start, end, (part, b, s, e) => {
      const [validity, offsetsRegion, data] = part.buffers;
      if (part.node.length !== b.length)
        throw this.errors.corrupted(`column ${name} has ${part.node.length} rows in a record batch of ${b.length}`);
      if (offsetsRegion.length < (b.length + 1) * 4) throw this.errors.corrupted(`column ${name} has fewer offsets than rows`);
      const n = e - s;
      const offsets = new Int32Array(this.space((n + 1) * 4).buffer, 0, n + 1);
      this.readInto(new Uint8Array(offsets.buffer, 0, (n + 1) * 4), b.body + offsetsRegion.offset + s * 4);
      for (let j = 0; j < n; j++)
        if (!(offsets[j] >= 0 && offsets[j] <= offsets[j + 1] && offsets[j + 1] <= data.length))
          throw this.errors.corrupted(`column ${name} has a bad offset at row ${b.firstRow + s + j}`);
      // Arrow reads the validity bitmap only when the batch has nulls.
      const bits = part.node.nullCount > 0 ? this.bitmap(b, validity, s, n) : null;
      const from = offsets[0];
      const bytes = new Uint8Array(offsets[n] - from);
      this.readInto(bytes, b.body + data.offset + from);
      for (; next < rows.length && rows[next] < b.firstRow + e; next++) {
        const j = rows[next] - b.firstRow - s;
        if (!bits || bits(j)) out[next] = decoder.decode(bytes.subarray(offsets[j] - from, offsets[j + 1] - from));
      }
    });
    return out;
  }

  /**
   * The first row of a column that is null, or whose list holds a null
   * item, or −1: found from the batches' null counts, reading bitmaps only
   * where a count is not 0, a bounded number of rows at a time.
   */
  firstNull(name: string): number {
    const f = this.fieldIndex(name);
    const type = this.schema.fields[f].type as DataType;
    const width = type instanceof FixedSizeList ? type.listSize : 0;
    for (const b of this.batches) {
      // A batch this reader cannot read (see unsupported) is left to the reader the caller falls back to.
      const part = b.columns[f];
      if (!part || b.compressed) continue;
      const rowsNull = part.node.nullCount > 0;
      const itemsNull = !!part.items && part.items.nullCount > 0;
      if (!rowsNull && !itemsNull) continue;
      for (let s = 0; s < b.length; s += BITMAP_ROWS) {
        const n = Math.min(BITMAP_ROWS, b.length - s);
        const rows = rowsNull ? this.bitmap(b, part.buffers[0], s, n) : null;
        const items = itemsNull ? this.bitmap(b, part.buffers[1], s * width, n * width) : null;
        for (let j = 0; j < n; j++) {
          let bad = rows ? !rows(j) : false;
          for (let i = 0; !bad && items && i < width; i++) bad = !items(j * width + i);
          if (bad) return b.firstRow + s + j;
        }
      }
    }
    return -1;
  }

  private fieldIndex(name: string): number {
    const f = this.schema.fields.findIndex((x) => x.name === name);
    if (f < 0) throw new Error(`${this.path} has no column ${name}`);
    return f;
  }

  /** Calls `each` for every batch that holds rows of [start, end): its rows [s, e) in batch terms, and where they go (at, from start). */
  private eachPart(
    f: number,
    start: number,
    end: number,
    each: (part: ColumnPart, b: Batch, s: number, e: number, at: number) => void,
  ): void {
    if (!(start >= 0 && start <= end && end <= this.numRows)) throw new RangeError(`rows ${start} to ${end} of ${this.numRows}`);
    for (const b of this.batches) {
      const s = Math.max(start, b.firstRow) - b.firstRow;
      const e = Math.min(end, b.firstRow + b.length) - b.firstRow;
      if (s >= e) continue;
      const part = b.columns[f];
      if (!part || b.compressed) throw new Error(`${this.path}: ${this.columnProblem(this.schema.fields[f].name)}`);
      each(part, b, s, e, b.firstRow + s - start);
    }
  }

  /**
   * Bits [first, first + n) of a validity bitmap as a test of bit j (from
   * first), read as Arrow's Data.getValid reads them: no bitmap at all
   * means all valid, and bits past a bitmap that is too short read as 0.
   */
  private bitmap(b: Batch, region: BufferRegion, first: number, n: number): (j: number) => boolean {
    if (region.length === 0) return () => true;
    const lo = first >> 3;
    const hi = Math.min((first + n + 7) >> 3, region.length);
    const bytes = hi > lo ? this.bytes(b.body + region.offset + lo, hi - lo) : new Uint8Array(0);
    const shift = first & 7;
    return (j) => {
      const bit = shift + j;
      return ((bytes[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
    };
  }

  /** A scratch array of at least n bytes (its contents are overwritten by the next call). */
  private space(n: number): Uint8Array {
    if (this.scratch.length < n) this.scratch = new Uint8Array(Math.max(n, this.scratch.length * 2));
    return this.scratch;
  }

  private bytes(position: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    this.readInto(out, position);
    return out;
  }

  /** Fill `into` from the file at `position`; a file that ends first is damaged (or was cut while open). */
  private readInto(into: Uint8Array, position: number): void {
    let done = 0;
    while (done < into.length) {
      const n = fs.readSync(this.fd, into, done, into.length - done, position + done);
      if (n === 0) throw this.errors.corrupted(`the file ends at byte ${position + done}, inside a record batch`);
      done += n;
    }
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0];
}

/**
 * How many field nodes and buffers a column of this type takes in a record
 * batch, in the order of Arrow's VectorLoader (which reads them the same
 * way); null for layouts it does not place (views, which need the batch's
 * variadic buffer counts, and types Arrow JS does not know).
 */
function layout(type: DataType, version: MetadataVersion): { nodes: number; buffers: number } | null {
  const children = (n: number, b: number) => {
    let nodes = n;
    let buffers = b;
    for (const c of type.children ?? []) {
      const l = layout(c.type as DataType, version);
      if (!l) return null;
      nodes += l.nodes;
      buffers += l.buffers;
    }
    return { nodes, buffers };
  };
  switch (type.typeId) {
    case Type.Null:
      return { nodes: 1, buffers: 0 };
    case Type.Bool:
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Interval:
    case Type.Duration:
    case Type.FixedSizeBinary:
    case Type.Dictionary:
      return { nodes: 1, buffers: 2 };
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Binary:
    case Type.LargeBinary:
      return { nodes: 1, buffers: 3 };
    case Type.List:
    case Type.LargeList:
    case Type.Map:
      return children(1, 2);
    case Type.FixedSizeList:
    case Type.Struct:
      return children(1, 1);
    case Type.Union: {
      // Before format version 5 a union had a validity bitmap too.
      const bitmap = version < MetadataVersion.V5 ? 1 : 0;
      return children(1, bitmap + ((type as DataType & { mode: UnionMode }).mode === UnionMode.Sparse ? 1 : 2));
    }
    default:
      return null;
  }
}
