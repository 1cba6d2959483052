import type { JobInput, JobKind, JobOutput } from '../../server/services/analysis.jobs';
import { InlineAnalysis, type AnalysisRunner, type RunOptions } from '../../server/services/analysis.thread';

/**
 * Analysis on this thread (the hashed encoder) whose detect jobs wait until `release()`: a test
 * sees an event while its first analysis is still under way, for as long as it needs.
 */
export class HeldAnalysis implements AnalysisRunner {
  private readonly inner = new InlineAnalysis({ encoder: 'hashed' });
  private readonly waiting: (() => void)[] = [];
  private open = false;
  readonly embeds = this.inner.embeds;

  async run<K extends JobKind>(kind: K, input: JobInput<K>, options?: RunOptions): Promise<JobOutput<K>> {
    if (kind === 'detect' && !this.open) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.inner.run(kind, input, options);
  }

  running(): JobKind | null {
    return this.inner.running();
  }

  /** Lets every held detect job run, and the ones after them. */
  release(): void {
    this.open = true;
    for (const go of this.waiting.splice(0)) go();
  }

  close(): Promise<void> {
    this.release();
    return this.inner.close();
  }
}
