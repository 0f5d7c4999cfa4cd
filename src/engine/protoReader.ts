import * as fs from "node:fs";

/** One protobuf field: its number, wire type, and where its key, value start and value end are. */
export interface ProtoField {
  field: number;
  wire: number;
  /** Where the field's key starts. */
  header: number;
  /** Where its value starts (after the length, for length-delimited fields) and ends. */
  start: number;
  end: number;
}

/**
 * Reads protobuf structure (field keys, lengths, varints, short strings)
 * from ONNX bytes in memory or from a file by positioned reads through a
 * small window, so that a multi-GB model file is walked without being
 * loaded: weights are skipped by moving past them.  Shared by every
 * reader of ONNX files in lmdiff (weightsByReference, graphOps,
 * externalDataLocations); onnxProto writes.
 */
export class ProtoReader {
  private window: Uint8Array;
  private windowAt = 0;
  readonly size: number;

  private constructor(
    private readonly fd: number | null,
    bytes: Uint8Array | null,
    size: number,
  ) {
    this.window = bytes ?? new Uint8Array(0);
    this.size = size;
  }

  static ofBytes(b: Uint8Array): ProtoReader {
    return new ProtoReader(null, b, b.length);
  }

  /** A reader of an open file; the caller closes the file. */
  static ofFile(fd: number): ProtoReader {
    return new ProtoReader(fd, null, fs.fstatSync(fd).size);
  }

  private byte(pos: number): number {
    if (pos < this.windowAt || pos >= this.windowAt + this.window.length) {
      if (pos >= this.size || this.fd === null) throw new Error("truncated protobuf");
      this.window = this.read(pos, Math.min(this.size, pos + 65536));
      this.windowAt = pos;
    }
    return this.window[pos - this.windowAt];
  }

  /** A varint at `pos`: its value and the position after it. */
  varint(pos: number): [number, number] {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte(pos++);
      v += (b & 0x7f) * mul;
      if (b < 0x80) return [v, pos];
      mul *= 128;
    }
    throw new Error("bad varint");
  }

  /** The fields of the message in [start, end). */
  *fields(start: number, end: number): Generator<ProtoField> {
    let pos = start;
    while (pos < end) {
      const header = pos;
      let key: number;
      [key, pos] = this.varint(pos);
      const wire = key & 7;
      const field = Math.floor(key / 8);
      if (field === 0) throw new Error("field number 0");
      let valueStart = pos;
      if (wire === 0) [, pos] = this.varint(pos);
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else if (wire === 2) {
        let len: number;
        [len, valueStart] = this.varint(pos);
        pos = valueStart + len;
      } else throw new Error(`protobuf wire type ${wire}`);
      if (pos > end) throw new Error("field past its message");
      yield { field, wire, header, start: valueStart, end: pos };
    }
  }

  /** A varint field's value. */
  value(f: ProtoField): number {
    return this.varint(f.start)[0];
  }

  /** The bytes in [from, to). */
  read(from: number, to: number): Uint8Array {
    if (this.fd === null) {
      if (to > this.size) throw new Error("truncated protobuf");
      return this.window.subarray(from, to);
    }
    const b = Buffer.alloc(to - from);
    let done = 0;
    while (done < b.length) {
      const n = fs.readSync(this.fd, b, done, b.length - done, from + done);
      if (n === 0) throw new Error("truncated protobuf");
      done += n;
    }
    return b;
  }

  /** A short length-delimited field as text. */
  string(f: ProtoField): string {
    if (f.end - f.start > 1 << 16) throw new Error("string too long");
    return new TextDecoder().decode(this.read(f.start, f.end));
  }
}
