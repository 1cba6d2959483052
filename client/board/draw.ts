/**
 * Draws the live board from what live.ts holds: the grid, the unscheduled list, the phone's Now /
 * Next / Later (by this browser's clock), the agenda notices and the facilitator's panel, each
 * from its template of views/shared/. Keeps the keyboard user's focus (focus.ts) and re-wires
 * drag-and-drop after every drawing.
 */
import { wallTimeOf, type WallTime } from '../../server/domain/now-next';
import type { OverlapMark, Suggestion } from '../../server/protocol/events';
import { boardModel, timesModel } from '../../views/shared/board';
import { drawNotices, type AgendaKeeper } from '../agenda-keeper';
import type { PanelView } from '../facilitation';
import { keepFocus } from '../focus';
import type { Followed, LiveBoard } from '../live';
import { liveCards, paint } from '../render';
import gridHtml from '../../views/shared/board-grid.ejs';
import timesHtml from '../../views/shared/now-next.ejs';
import unscheduledHtml from '../../views/shared/unscheduled.ejs';
import type { DragWiring } from './drag';
import type { BoardHolder } from './holder';
import { headingFor, type BoardPage } from './page';
import type { Planner } from './schedule';

/** Facilitators get whole suggestions (with the reason and grid wording their panel shows); others get marks. */
export const whole = (list: readonly OverlapMark[]): Suggestion[] => list.filter((s): s is Suggestion => 'reason' in s);

const minuteOf = (at: WallTime): string => `${at.date} ${at.minutes}`;

export class Painter {
  /** The minute Now / Next / Later was grouped at. */
  private shownMinute = '';
  /** The slots that had started or were next when the cards were drawn: nothing is offered a move into them. */
  private shownFrozen = '';
  /** The agenda is being compared with the board: the change it reports is drawn by this drawing. */
  private syncing = false;
  /** The facilitator's panel, once its code has loaded. */
  private panel: PanelView | null = null;
  /** A drawing was held off while a card was held: the board has changed since it was drawn. */
  private behind = false;

  constructor(
    private readonly page: BoardPage,
    private readonly state: BoardHolder,
    private readonly live: LiveBoard,
    private readonly agenda: AgendaKeeper,
    private readonly drag: DragWiring,
    private readonly planner: Planner,
  ) {}

  showPanel(panel: PanelView): void {
    this.panel = panel;
    this.draw();
  }

  /** The agenda changed (a star, a dismissed notice, another tab). */
  agendaChanged(): void {
    if (!this.syncing) this.draw();
  }

  draw(): void {
    const followed = this.live.current();
    if (!followed) return;
    this.behind = this.drag.holding;
    if (this.behind) return;
    this.syncing = true;
    this.agenda.sync(followed.board);
    this.syncing = false;
    this.drag.release();
    keepFocus(this.page.root, () => this.paintAll(followed), headingFor);
    // The version drawn: tells tests (and anyone debugging) that the live board has taken over.
    this.page.root.dataset.version = String(followed.board.event.version);
    this.drag.wire(this.state.canMove() && !this.planner.previewing);
  }

  /** Draws what changed while a card was held, if anything did. */
  catchUp(): void {
    if (this.behind) this.draw();
  }

  /**
   * Re-groups Now / Next / Later when the minute has changed since (the clock moves sessions along);
   * draws the whole board when a slot has started or become next since, as its cards' offers of
   * "the next free slot" change with it.
   */
  tick(): void {
    const followed = this.live.current();
    if (!followed || minuteOf(wallTimeOf(new Date(), followed.board.event.timeZone)) === this.shownMinute) return;
    if (this.drag.holding) {
      this.behind = true;
      return;
    }
    const at = this.now(followed);
    if (this.frozenKey(followed, at) !== this.shownFrozen) {
      this.draw();
      return;
    }
    keepFocus(this.page.root, () => paint(this.page.times, timesHtml({ times: timesModel(this.cards(followed, at), at) })), headingFor);
  }

  private paintAll(followed: Followed): void {
    const { page } = this;
    const at = this.now(followed);
    this.shownFrozen = this.frozenKey(followed, at);
    const drawn = boardModel(this.cards(followed, at), at);
    paint(page.grid, gridHtml({ grid: drawn.grid }));
    if (this.state.viewer.organiser) paint(page.schedule, this.planner.panel(followed.board));
    paint(page.unscheduled, unscheduledHtml({ cards: drawn.unscheduled }));
    if (page.unscheduledCount) page.unscheduledCount.textContent = String(drawn.unscheduled.length);
    paint(page.times, timesHtml({ times: drawn.times }));
    drawNotices(page.notices, page.eventId, this.agenda.agenda());
    if (this.state.viewer.facilitator)
      this.panel?.draw(followed.board, whole(followed.suggestions), this.state.history, this.state.viewer.organiser, followed.analysing);
  }

  private frozenKey({ board }: Followed, at: WallTime): string {
    return [...this.planner.nextFreeRules(board, at).frozenSlotIds].sort().join(' ');
  }

  /** The organiser's cards carry their pins and planning; while a proposal is previewed, the proposal's grid is drawn. */
  private cards({ board, suggestions, clashes }: Followed, at: WallTime) {
    const plan = this.planner.cardPlan(board);
    const drawn = this.planner.boardToDraw(board);
    return liveCards({
      board: drawn,
      viewer: this.state.viewer,
      marks: suggestions,
      clashes,
      mode: 'board',
      frozenSlotIds: this.planner.nextFreeRules(board, at).frozenSlotIds,
      starred: this.agenda.starred(),
      ...(plan ? { plan } : {}),
    });
  }

  /** The venue's clock: the event's zone, not this browser's. */
  private now({ board }: Followed): WallTime {
    const at = wallTimeOf(new Date(), board.event.timeZone);
    this.shownMinute = minuteOf(at);
    return at;
  }
}
