import type { Table } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";

type Flat = Int32Array | Float32Array;

/**
 * The values of a fixed-width column (Int32, Float32, or a FixedSizeList of
 * `width` of them) as one flat typed array, row-major.
 *
 * A column stored as one chunk (one record batch, as lmdiff writes caches)
 * is returned as a view of the chunk's buffer, without copying: the view
 * shares memory with the IPC buffer the table was read from.  Arrow's
 * reader already makes its buffers typed-array views, which the IPC format
 * guarantees to be aligned (every buffer is padded to 8 bytes).  A column
 * of several chunks is copied once into a new array, since its chunks are
 * not contiguous in the file.
 *
 * A chunk's buffers start at its first value: Arrow slices buffers, not
 * only offsets, when it slices data (see Data._sliceBuffers), so the values
 * of a chunk are values[0, length × width).
 */
export function columnValues<T extends Flat>(table: Table, name: string, Ctor: { new (n: number): T }, width = 1): T {
  const vec = table.getChild(name);
  if (!vec) throw new LmdiffError(`cache lacks column ${name}`, "bad-cache");
  const chunk = (i: number): T => {
    const d = vec.data[i];
    const values = (width === 1 ? d.values : d.children[0].values) as T;
    return values.subarray(0, d.length * width) as T;
  };
  if (vec.data.length === 1) return chunk(0);
  const out = new Ctor(table.numRows * width);
  let at = 0;
  for (let i = 0; i < vec.data.length; i++) {
    const values = chunk(i);
    out.set(values, at);
    at += values.length;
  }
  return out;
}
