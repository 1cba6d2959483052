import { installWasmSlice, type TfKernels } from '../../../analysis/wasm-slice';

/** The ops used here; @energetic-ai/core re-exports TensorFlow.js without its types. */
interface TensorLike {
  shape: number[];
  dataSync(): ArrayLike<number>;
}
interface TfOps extends TfKernels {
  ready(): Promise<void>;
  getBackend(): string;
  tensor(values: number[], shape: number[], dtype?: string): TensorLike;
  slice(x: TensorLike, begin: number[], size: number[]): TensorLike;
  split(x: TensorLike, sizes: number[], axis: number): TensorLike[];
}

interface Case {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  begin: number[];
  size: number[];
  split: number[];
  axis: number;
}

const CASES: Case[] = [
  { shape: [7], dtype: 'float32', begin: [2], size: [4], split: [3, 4], axis: 0 },
  { shape: [4, 6], dtype: 'int32', begin: [1, 2], size: [2, 3], split: [2, 1, 3], axis: 1 },
  { shape: [2, 5, 9], dtype: 'float32', begin: [0, 1, 3], size: [2, 3, -1], split: [3, 3, 3], axis: 2 },
  { shape: [2, 5, 9], dtype: 'float32', begin: [1, 0, 0], size: [1, 5, 9], split: [1, 4], axis: 1 },
  { shape: [3, 2, 4, 5], dtype: 'bool', begin: [1, 0, 1, 2], size: [2, 2, 3, 2], split: [1, 2], axis: 0 },
  { shape: [2, 3, 2, 2, 3], dtype: 'float32', begin: [0, 1, 0, 1, 1], size: [2, 2, 2, 1, 2], split: [1, 2], axis: 4 },
  { shape: [3, 4], dtype: 'float32', begin: [1, 0], size: [0, 4], split: [0, 4], axis: 1 },
];

function valuesOf(c: Case): number[] {
  const count = c.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, (_, k) =>
    c.dtype === 'bool' ? (k % 3 === 0 ? 1 : 0) : c.dtype === 'int32' ? k * 7 - 40 : Math.sin(k) * 1e3,
  );
}

function run(tf: TfOps, c: Case): { slice: number[]; shape: number[]; parts: number[][] } {
  const x = tf.tensor(valuesOf(c), c.shape, c.dtype);
  const sliced = tf.slice(x, c.begin, c.size);
  return {
    slice: Array.from(sliced.dataSync()),
    shape: sliced.shape,
    parts: tf.split(x, c.split, c.axis).map((part) => [...part.shape, ...Array.from(part.dataSync())]),
  };
}

describe('installWasmSlice', () => {
  test("gives exactly the elements of the backend's own Slice and SplitV, for every rank and dtype", async () => {
    const tf = (await import('@energetic-ai/core')) as unknown as TfOps;
    await tf.ready();
    expect(tf.getBackend()).toBe('wasm');
    const before = CASES.map((c) => run(tf, c));
    const originalSlice = tf.getKernel('Slice', 'wasm')?.kernelFunc;

    installWasmSlice(tf);
    const installed = tf.getKernel('Slice', 'wasm')?.kernelFunc;
    expect(installed).not.toBe(originalSlice);
    installWasmSlice(tf); // a second install keeps the first
    expect(tf.getKernel('Slice', 'wasm')?.kernelFunc).toBe(installed);

    const after = CASES.map((c) => run(tf, c));
    expect(after).toEqual(before);
    expect(after[2]?.shape).toEqual([2, 3, 6]);
  });
});
