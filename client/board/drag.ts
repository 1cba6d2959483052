/**
 * Drag-and-drop (SortableJS) for organisers and facilitators: every cell accepts one session, the
 * unscheduled list any; a drop becomes a move command. The library is loaded on demand, so
 * attendees' phones never download it, and wired again after every redraw.
 */
import type Sortable from 'sortablejs';

export interface Drop {
  sessionId: string;
  /** A cell, or null for the unscheduled list. */
  target: { roomId: string; slotId: string } | null;
}

export interface DragEvents {
  started(): void;
  /** A real move, or null when the card went back where it was (redraw). */
  dropped(drop: Drop | null): void;
  /** The library arrived: draw again to wire it. */
  loaded(): void;
  failed(): void;
}

export class DragWiring {
  private lib: typeof Sortable | null = null;
  private loading = false;
  private sortables: Sortable[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly on: DragEvents,
  ) {}

  /** Before a redraw: the lists it wired are about to be replaced. */
  release(): void {
    for (const sortable of this.sortables) sortable.destroy();
    this.sortables = [];
  }

  /** After a redraw: wire the new cells, loading the library the first time it is needed. */
  wire(canMove: boolean): void {
    if (!canMove) return;
    if (this.lib) this.sortables = makeSortable(this.lib, this.root, this.on);
    else this.load();
  }

  private load(): void {
    if (this.loading) return;
    this.loading = true;
    import('sortablejs')
      .then((module) => {
        this.lib = module.default;
        this.on.loaded();
      })
      .catch(() => {
        this.loading = false;
        this.on.failed();
      });
  }
}

function makeSortable(lib: typeof Sortable, root: HTMLElement, on: DragEvents): Sortable[] {
  const options = (isCell: boolean): Sortable.Options => ({
    group: {
      name: 'board',
      put: (to) => !isCell || to.el.querySelectorAll('.session-card').length === 0,
    },
    draggable: '.session-card',
    sort: false,
    // No sliding cards for those who asked their system for less motion.
    animation: matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 120,
    onStart: () => on.started(),
    onEnd: (event) => {
      const sessionId = event.item.dataset.sessionId;
      if (!sessionId || event.to === event.from) return on.dropped(null);
      const { roomId, slotId } = event.to.dataset;
      on.dropped({ sessionId, target: roomId && slotId ? { roomId, slotId } : null });
    },
  });
  const cells = [...root.querySelectorAll<HTMLElement>('td[data-room-id]')].map((td) => lib.create(td, options(true)));
  const list = root.querySelector<HTMLElement>('[data-unscheduled]');
  return list ? [...cells, lib.create(list, options(false))] : cells;
}
