import { simdDot } from '../../../analysis/simd-dot';

/** The JavaScript loop semantic.ts falls back to: four running sums, added in order. */
function reference(data: Float64Array, a: number, b: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < dim; k += 4) {
    s0 += (data[a + k] as number) * (data[b + k] as number);
    s1 += (data[a + k + 1] as number) * (data[b + k + 1] as number);
    s2 += (data[a + k + 2] as number) * (data[b + k + 2] as number);
    s3 += (data[a + k + 3] as number) * (data[b + k + 3] as number);
  }
  return s0 + s1 + s2 + s3;
}

function rows(n: number, dim: number, seed: number): Float64Array {
  let s = seed;
  const data = new Float64Array(n * dim);
  for (let k = 0; k < data.length; k++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    // Mixed signs and magnitudes, so any change in the order of rounding would show.
    data[k] = (s / 2147483648 - 0.5) * 10 ** ((k % 7) - 3);
  }
  return data;
}

describe('simdDot', () => {
  const kernel = simdDot();

  test('is available on the supported Node versions', () => {
    expect(kernel).not.toBeNull();
  });

  test('gives bit-identical results to the four-sum JavaScript loop', () => {
    for (const dim of [4, 12, 512]) {
      const data = rows(40, dim, dim);
      kernel!.use(data);
      for (let i = 0; i < 40; i++) {
        for (let j = 0; j < 40; j++) {
          expect(Object.is(kernel!.dot(i * dim, j * dim, dim), reference(data, i * dim, j * dim, dim))).toBe(true);
        }
      }
    }
  });

  test('reads whichever buffer was last given, growing its memory for a large one', () => {
    const small = rows(3, 8, 1);
    const large = rows(600, 512, 2); // 2.4 MB: more than the module's first page
    kernel!.use(small);
    expect(kernel!.dot(0, 8, 8)).toBe(reference(small, 0, 8, 8));
    kernel!.use(large);
    expect(kernel!.dot(512 * 598, 512 * 599, 512)).toBe(reference(large, 512 * 598, 512 * 599, 512));
    kernel!.use(small);
    expect(kernel!.dot(8, 16, 8)).toBe(reference(small, 8, 16, 8));
  });
});
