/**
 * A faster Slice / SplitV for TensorFlow.js's WebAssembly backend, which the sentence encoder
 * runs on. The backend's own `slice` first copies the WHOLE input tensor out of WebAssembly
 * memory (`readSync`, a fresh buffer) and then copies the slice from that copy; SplitV calls it
 * once per part. The encoder splits each attention layer's query/key/value tensor (batch × tokens ×
 * 1,536 floats, ~6 MB for a batch of 32) into three, twice per batch: a cold CLI run spent about
 * 0.5 s of CPU per thread in those copies (docs/benchmarks.md, fourth round).
 *
 * These kernels copy the same elements straight between views of WebAssembly memory: pure data
 * movement, so every vector is bit-identical (test/unit/analysis/wasm-slice.test.ts compares
 * them with the backend's kernels). Strings (not on the encoder's path) keep the original kernel.
 */
type Shape = number[];

/** The parts of TensorFlow.js used here (@energetic-ai/core re-exports them, but ships no types for them). */
interface TensorInfo {
  dataId: object;
  shape: Shape;
  dtype: string;
}
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}
type KernelFunc = (args: KernelArgs) => TensorInfo | TensorInfo[];
interface KernelConfig {
  kernelName: string;
  backendName: string;
  kernelFunc: KernelFunc;
}
export interface TfKernels {
  getKernel(kernelName: string, backendName: string): KernelConfig | undefined;
  registerKernel(config: KernelConfig): void;
  unregisterKernel(kernelName: string, backendName: string): void;
  slice_util: { parseSliceParams(x: TensorInfo, begin: number | number[], size?: number | number[]): [number[], number[]] };
  util: { parseAxisParam(axis: number | number[], shape: Shape): number[] };
  backend_util: { prepareSplitSize(x: TensorInfo, numOrSizeSplits: number | number[], axis: number): number[] };
}

interface WasmBackendLike {
  makeOutput(shape: Shape, dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return strides;
}

/**
 * Copies x[begin : begin + size] into a new tensor of the backend. The output is allocated
 * first: allocating may grow WebAssembly memory, which detaches earlier views of it.
 */
function sliceOnHeap(x: TensorInfo, begin: readonly number[], size: Shape, backend: WasmBackendLike): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const total = sizeOf(size);
  if (total === 0) return out;
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  if (rank === 0) {
    to.set(from.subarray(0, 1));
    return out;
  }
  const strides = stridesOf(x.shape);
  const run = size[rank - 1] as number;
  const outer = rank - 1;
  const index = new Array<number>(outer).fill(0);
  for (let written = 0; written < total; written += run) {
    let offset = begin[rank - 1] as number;
    for (let d = 0; d < outer; d++) offset += ((begin[d] as number) + (index[d] as number)) * (strides[d] as number);
    to.set(from.subarray(offset, offset + run), written);
    for (let d = outer - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (size[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}

/** Marks the kernels installed here, so installing twice (another copy of this module) changes nothing. */
const INSTALLED = Symbol.for('unsilo.wasmSlice');

/** Replaces the wasm backend's Slice and SplitV kernels; call before running the model. */
export function installWasmSlice(tf: TfKernels): void {
  const original = tf.getKernel('Slice', 'wasm');
  const originalSplit = tf.getKernel('SplitV', 'wasm');
  if (!original || !originalSplit || INSTALLED in original.kernelFunc) return;
  // Another version of the backend may lack what these kernels use: then its own kernels run.
  const onHeap = (backend: unknown): backend is WasmBackendLike =>
    typeof (backend as Partial<WasmBackendLike>).makeOutput === 'function' &&
    typeof (backend as Partial<WasmBackendLike>).typedArrayFromHeap === 'function';
  const slice: KernelFunc = (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string' || !onHeap(args.backend)) return original.kernelFunc(args);
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    const [begin_, size_] = tf.slice_util.parseSliceParams(x, begin, size);
    return sliceOnHeap(x, begin_, size_, args.backend);
  };
  const splitV: KernelFunc = (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string' || !onHeap(args.backend)) return originalSplit.kernelFunc(args);
    const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number | number[] };
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const parts = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, $axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return parts.map((part) => {
      const size = [...x.shape];
      size[$axis] = part;
      const piece = sliceOnHeap(x, begin, size, args.backend as WasmBackendLike);
      begin[$axis] = (begin[$axis] as number) + part;
      return piece;
    });
  };
  Object.defineProperty(slice, INSTALLED, { value: true });
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: slice });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ ...originalSplit, kernelFunc: splitV });
}
