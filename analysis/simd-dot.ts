/**
 * Dot products of 512-d float64 rows with WebAssembly SIMD (two lanes), for the semantic
 * evidence's all-pairs cosines: about half the detector's time at 1,000 sessions in plain
 * JavaScript. Bit-identical to semantic.ts's JavaScript `dot`: that one sums four running totals
 * (elements k ≡ 0, 1, 2, 3 mod 4) and returns ((s0 + s1) + s2) + s3; here lane 0 / 1 of the first
 * vector accumulator are s0 / s1 and of the second s2 / s3, every product and sum rounded as in
 * JavaScript (WebAssembly never fuses a multiply and an add), and the lanes are added in the same
 * order. The module is 154 bytes compiled in-process: no I/O, deterministic.
 */

/* prettier-ignore */
const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7c, // types: (i32 a, i32 b, i32 quads) -> f64
  0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: one, at least 1 page
  0x07, 0x10, 0x02, 0x03, 0x64, 0x6f, 0x74, 0x00, 0x00, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, // exports "dot", "memory"
  0x0a, 0x6b, 0x01, 0x69, // code: one body of 105 bytes
  0x01, 0x02, 0x7b, // locals: v0, v1 (v128, zero)
  0x02, 0x40, 0x20, 0x02, 0x45, 0x0d, 0x00, // block; if quads == 0 break
  0x03, 0x40, // loop
  0x20, 0x03, 0x20, 0x00, 0xfd, 0x00, 0x03, 0x00, 0x20, 0x01, 0xfd, 0x00, 0x03, 0x00, // v0, load a, load b
  0xfd, 0xf2, 0x01, 0xfd, 0xf0, 0x01, 0x21, 0x03, // v0 = v0 + a * b (f64x2.mul, f64x2.add)
  0x20, 0x04, 0x20, 0x00, 0xfd, 0x00, 0x03, 0x10, 0x20, 0x01, 0xfd, 0x00, 0x03, 0x10, // v1, load a+16, load b+16
  0xfd, 0xf2, 0x01, 0xfd, 0xf0, 0x01, 0x21, 0x04, // v1 = v1 + a' * b'
  0x20, 0x00, 0x41, 0x20, 0x6a, 0x21, 0x00, // a += 32
  0x20, 0x01, 0x41, 0x20, 0x6a, 0x21, 0x01, // b += 32
  0x20, 0x02, 0x41, 0x01, 0x6b, 0x22, 0x02, 0x0d, 0x00, // quads -= 1; continue while non-zero
  0x0b, 0x0b, // end loop, end block
  0x20, 0x03, 0xfd, 0x21, 0x00, 0x20, 0x03, 0xfd, 0x21, 0x01, 0xa0, // s0 + s1
  0x20, 0x04, 0xfd, 0x21, 0x00, 0xa0, 0x20, 0x04, 0xfd, 0x21, 0x01, 0xa0, // + s2, + s3
  0x0b, // end
]);

export interface SimdDot {
  /**
   * Makes `data` (n × dim float64, row-major) the rows `dot` reads; copied into WebAssembly
   * memory only when another buffer was loaded since.
   */
  use(data: Float64Array): void;
  /** Dot product of rows starting at element offsets a and b, over `dim` elements (a multiple of 4). */
  dot(a: number, b: number, dim: number): number;
}

const PAGE_BYTES = 65536;

/** The part of the WebAssembly API used here (Node has it; the server build's types have no DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

function instantiate(): SimdDot | null {
  let exports: { dot: (a: number, b: number, quads: number) => number; memory: { buffer: ArrayBuffer; grow(pages: number): number } };
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    exports = new wasm.Instance(new wasm.Module(MODULE)).exports as typeof exports;
  } catch {
    return null; // no WebAssembly SIMD here: callers use their JavaScript loop
  }
  const { memory, dot } = exports;
  let loaded: Float64Array | null = null;
  return {
    use(data) {
      if (loaded === data) return;
      const missing = data.byteLength - memory.buffer.byteLength;
      if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
      new Float64Array(memory.buffer, 0, data.length).set(data);
      loaded = data;
    },
    dot: (a, b, dim) => dot(a * 8, b * 8, dim >> 2),
  };
}

let kernel: SimdDot | null | undefined;

/** The kernel, compiled on first use; null where WebAssembly SIMD is unavailable. */
export function simdDot(): SimdDot | null {
  if (kernel === undefined) kernel = instantiate();
  return kernel;
}
