/**
 * Drag-and-drop (SortableJS) for organisers and facilitators. Where a card lands is the cell (or the
 * unscheduled list) under the pointer when it is let go, whatever the library did on the way: an
 * occupied cell is reported as such (the board offers a swap or says why not), and a card let go
 * outside the grid and the list goes back where it was. The grid's columns keep their widths while
 * a card is dragged. The library is loaded on demand, so attendees' phones never download it, and
 * wired again after every redraw. A redraw would drop a card that is held, so the board holds its
 * redraws from the moment a card is pressed (before it moves) until it is let go.
 */
import type Sortable from 'sortablejs';

export interface Drop {
  sessionId: string;
  /** The cell under the pointer when the card was let go (occupied or not), or null for the unscheduled list. */
  target: { roomId: string; slotId: string } | null;
}

export interface DragEvents {
  /**
   * Let go without dragging it (a tap or a click), or `takenOver` by the browser (a scroll, a context
   * menu): then the library still holds the card, takes no other press and must be wired afresh (redraw).
   */
  released(takenOver: boolean): void;
  /** A real move, or null when the card went back where it was or was let go outside the grid (redraw). */
  dropped(drop: Drop | null): void;
  /** The library arrived: draw again to wire it. */
  loaded(): void;
  failed(): void;
}

/** After a press ends without the library's word, how long a native drag has to show it is under way. */
const TAKEN_OVER_MS = 100;

/** What the lists say: a card pressed (with the browser's event that pressed it), let go or dropped. */
interface ListEvents extends Pick<DragEvents, 'released' | 'dropped'> {
  held(press: Event | undefined): void;
}

/** The browser's event that a Sortable event came from: Sortable passes it, @types/sortablejs leaves it out. */
const originalOf = (event: Sortable.SortableEvent): Event | undefined =>
  (event as Sortable.SortableEvent & { originalEvent?: Event }).originalEvent;

export class DragWiring {
  private lib: typeof Sortable | null = null;
  private loading = false;
  private sortables: Sortable[] = [];
  /**
   * A card is pressed or dragged (neither `released` nor `dropped` said since): the board is not
   * drawn again until it is let go, as a redraw would drop it from under the finger.
   */
  holding = false;
  /** The pointer that pressed the card, while it is down: its id (null when not a pointer event) and kind ('' unknown). */
  private press: { id: number | null; type: string } | null = null;
  /** The look taken after a press ended without the library's word. */
  private takenOverTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly on: ListEvents;

  constructor(
    private readonly root: HTMLElement,
    private readonly events: DragEvents,
  ) {
    // The library's own events tell a press from a drag and end both; these keep `holding` and `press` true to them.
    this.on = {
      held: (press) => {
        clearTimeout(this.takenOverTimer);
        this.holding = true;
        this.press = press instanceof PointerEvent ? { id: press.pointerId, type: press.pointerType } : { id: null, type: '' };
      },
      released: (takenOver) => {
        clearTimeout(this.takenOverTimer);
        if (!this.holding) return;
        this.holding = false;
        events.released(takenOver);
      },
      dropped: (drop) => {
        clearTimeout(this.takenOverTimer);
        this.holding = false;
        events.dropped(drop);
      },
    };
    // Some presses end without the library hearing it: where it drags natively (a desktop browser,
    // a Windows or ChromeOS touch screen) it does not listen for a press the browser turned into a
    // scroll or a context menu. Captured, so nothing on the page can stop them.
    for (const type of ['pointerup', 'pointercancel', 'contextmenu'])
      document.addEventListener(type, (event) => this.pressEnded(event), true);
  }

  /**
   * The pointer's press ended: another pointer's events (a second finger) do not count, nor a
   * context menu a finger or pen opens by resting (the finger is still down, and may drag next). A
   * native drag starting ends the press too (pointercancel), and is under way a moment later; a
   * press still held then, with no drag, was taken over.
   */
  private pressEnded(event: Event): void {
    const { press } = this;
    if (!press) return;
    const pointer = event instanceof PointerEvent ? event : null;
    if (pointer && press.id !== null && pointer.pointerId !== press.id && event.type !== 'contextmenu') return;
    if (event.type === 'contextmenu' && [press.type, pointer?.pointerType].some((type) => type === 'touch' || type === 'pen')) return;
    this.press = null;
    this.takenOverTimer = setTimeout(() => {
      if (this.holding && !this.press && !this.lib?.active) this.on.released(true);
    }, TAKEN_OVER_MS);
  }

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
        this.events.loaded();
      })
      .catch(() => {
        this.loading = false;
        this.events.failed();
      });
  }
}

function makeSortable(lib: typeof Sortable, root: HTMLElement, on: ListEvents): Sortable[] {
  const options: Sortable.Options = {
    group: 'board',
    draggable: '.session-card',
    sort: false,
    // Let go outside every list: the card goes back where it was.
    revertOnSpill: true,
    // No sliding cards for those who asked their system for less motion.
    animation: matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 120,
    onChoose: (event) => on.held(originalOf(event)),
    onStart: () => freezeColumns(root),
    // A drag that started ends with onEnd; until it is nulled, the library's active list says so.
    onUnchoose: () => {
      if (!lib.active) on.released(false);
    },
    onEnd: (event) => {
      const sessionId = event.item.dataset.sessionId;
      // Where the browser's event that ended the drag was.
      const place = placeUnder(originalOf(event));
      const from = event.from.dataset;
      const unmoved = place === 'list' ? !from.roomId : place !== null && place.roomId === from.roomId && place.slotId === from.slotId;
      if (!sessionId || place === null || unmoved) return on.dropped(null);
      on.dropped({ sessionId, target: place === 'list' ? null : place });
    },
  };
  const cells = [...root.querySelectorAll<HTMLElement>('td[data-room-id]')].map((td) => lib.create(td, options));
  const list = root.querySelector<HTMLElement>('[data-unscheduled]');
  return list ? [...cells, lib.create(list, options)] : cells;
}

/** The cell or the unscheduled list under the pointer where the drag ended; null outside both. */
function placeUnder(event: Event | undefined): { roomId: string; slotId: string } | 'list' | null {
  if (!(event instanceof MouseEvent) && !(typeof TouchEvent !== 'undefined' && event instanceof TouchEvent)) return null;
  const point = event instanceof MouseEvent ? event : event.changedTouches[0];
  if (!point) return null;
  const under = document.elementFromPoint(point.clientX, point.clientY);
  const cell = under?.closest<HTMLElement>('td[data-room-id][data-slot-id]');
  const { roomId, slotId } = cell?.dataset ?? {};
  if (roomId && slotId) return { roomId, slotId };
  return under?.closest('[data-unscheduled]') ? 'list' : null;
}

/** Fixes the grid's column widths as they are, so a card passing over a cell does not widen its column. */
function freezeColumns(root: HTMLElement): void {
  const table = root.querySelector<HTMLTableElement>('table.grid');
  if (!table) return;
  const heads = [...table.querySelectorAll<HTMLElement>('thead th')];
  const widths = heads.map((th) => th.getBoundingClientRect().width);
  table.style.width = `${table.getBoundingClientRect().width}px`;
  table.style.tableLayout = 'fixed';
  heads.forEach((th, i) => (th.style.width = `${widths[i] ?? 0}px`));
}
