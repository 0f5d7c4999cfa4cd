import { makeData, Utf8, type Data } from "apache-arrow";

/**
 * A Utf8 column built a string at a time into one growing buffer: the
 * texts of a large corpus then live as bytes, outside the JavaScript heap,
 * rather than as a string each until the table is made (which would also
 * let the heap, and its garbage, grow with the corpus).
 */
export class Utf8Column {
  private readonly offsets: Int32Array;
  private bytes = new Uint8Array(1 << 16);
  private n = 0;
  private static readonly encoder = new TextEncoder();

  constructor(private readonly length: number) {
    this.offsets = new Int32Array(length + 1);
  }

  push(text: string): void {
    const at = this.offsets[this.n];
    // At most 3 bytes per UTF-16 code unit.
    if (at + 3 * text.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, at + 3 * text.length));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
    }
    const { written } = Utf8Column.encoder.encodeInto(text, this.bytes.subarray(at));
    this.offsets[++this.n] = at + written;
  }

  data(): Data<Utf8> {
    if (this.n !== this.length) throw new Error(`${this.n} texts of ${this.length}`);
    return makeData({
      type: new Utf8(),
      length: this.n,
      nullCount: 0,
      valueOffsets: this.offsets,
      data: this.bytes.subarray(0, this.offsets[this.n]),
    });
  }
}
