/**
 * Prometheus metrics (`GET /metrics`, only with UNSILO_METRICS_TOKEN). One registry per server
 * instance, never prom-client's global one: tests build many servers in one process.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Live figures read at each scrape. */
export interface MetricSources {
  /** Sockets on each event's board. */
  viewers(): ReadonlyMap<string, number>;
  /** Socket commands received and not yet committed. */
  writeQueue(): number;
}

export class Metrics {
  readonly registry = new Registry();
  /** Socket commands by name and outcome (`ok` or the error code), from receipt to acknowledgement. */
  readonly commands = new Histogram({
    name: 'unsilo_socket_command_duration_seconds',
    help: 'Socket commands from receipt to acknowledgement, by command and outcome (ok or the error code)',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  /** Overlap analyses of an event (in the worker), by outcome. */
  readonly analyses = new Histogram({
    name: 'unsilo_analysis_duration_seconds',
    help: 'Overlap analyses of one event in the analysis worker, by outcome (ok or failed)',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  /**
   * Analysis jobs other than detections (those are `analyses`) from submission to answer, waiting in
   * their lane's queue included: embedding pitches, the pitch form's `similar` look-ups and the
   * similar-sessions index refreshes, by lane and outcome (ok, busy: refused by a full queue, or failed).
   */
  readonly jobs = new Histogram({
    name: 'unsilo_analysis_job_duration_seconds',
    help: 'Analysis jobs (embed, similar, similarIndex) from submission to answer, queue wait included, by kind, lane and outcome (ok, busy or failed)',
    labelNames: ['kind', 'lane', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  /** The pitch form's "sessions like yours" list, from the ask to the answer (one or more jobs, and reading the board). */
  readonly similarLists = new Histogram({
    name: 'unsilo_similar_list_duration_seconds',
    help: "The pitch form's similar-sessions list from the ask to the answer, by outcome (ok or the error code)",
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly pitches = new Counter({
    name: 'unsilo_pitches_total',
    help: 'Sessions pitched since the server started (on the web, over the API or over a socket)',
    registers: [this.registry],
  });

  /** `process`: also Node's own figures (CPU, memory, event-loop delay, GC), which run timers of their own. */
  constructor(sources: MetricSources, options: { process: boolean }) {
    new Gauge({
      name: 'unsilo_viewers',
      help: 'Open boards (sockets) per event',
      labelNames: ['event'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [event, viewers] of sources.viewers()) this.set({ event }, viewers);
      },
    });
    new Gauge({
      name: 'unsilo_write_queue_depth',
      help: 'Socket commands received and waiting for their group commit',
      registers: [this.registry],
      collect() {
        this.set(sources.writeQueue());
      },
    });
    // Event-loop delay (nodejs_eventloop_lag_*), CPU, memory, handles and GC, sampled every 10 ms.
    if (options.process) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }
}
