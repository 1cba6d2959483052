/**
 * The organiser's schedule assistant on the live board (docs/schedule.md): pins, hands counts and
 * availability per card, pair rules, and "Suggest a schedule": the proposal is drawn as a preview on
 * this page only, then applied as one change everyone sees (undone from the history) or discarded.
 */
import type { SessionPlanning, StoredPairRule } from '../../server/domain/schedule/types';
import type { Ack, FacilitationDone, PlanningChanged, RulesChanged, ScheduleProposed } from '../../server/protocol/events';
import type { NextFreeRules } from '../../server/domain/clashes';
import type { WallTime } from '../../server/domain/now-next';
import type { Board } from '../../server/domain/types';
import { frozenOf, previewBoard, previewMarks, schedulePanelModel, type CardPlan, type RuleDraft } from '../../views/shared/schedule';
import panelHtml from '../../views/shared/schedule-panel.ejs';
import type { Announcer } from '../announce';
import { focusHeading } from '../focus';
import type { LiveBoard } from '../live';
import type { BoardHolder } from './holder';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class Planner {
  private planning = new Map<string, SessionPlanning>();
  private rules: StoredPairRule[] = [];
  private shown: ScheduleProposed | null = null;
  private busy = false;
  private moveExisting = false;
  private draft: RuleDraft = { kind: 'apart', a: '', b: '' };
  /** Planning is fetched again after each board change, one request at a time. */
  private fetching = false;
  private stale = false;
  /** The board version the planning was last asked for. */
  private fetchedFor = -1;

  constructor(
    private readonly live: LiveBoard,
    private readonly state: BoardHolder,
    private readonly announcer: Announcer,
    private readonly say: (message: string) => void,
    private readonly redraw: () => void,
  ) {}

  private get on(): boolean {
    return this.state.viewer.organiser;
  }

  /** A proposal is on the grid: nothing on it can be pressed or dragged. */
  get previewing(): boolean {
    return this.shown !== null;
  }

  /** The board to draw: the proposal's while it is previewed. */
  boardToDraw(board: Board): Board {
    return this.shown ? previewBoard(board, this.shown.proposal) : board;
  }

  /** What the cards show of the plan; undefined for anyone but the organiser. */
  cardPlan(board: Board): CardPlan | undefined {
    if (!this.on) return undefined;
    return {
      planning: this.planning,
      preview: this.shown ? previewMarks(board, this.shown.proposal) : null,
    };
  }

  /** What "Move to the next free slot" respects at `at`: the slots that have started or are next, and the organiser's pins and hands. */
  nextFreeRules(board: Board, at: WallTime): NextFreeRules {
    return { frozenSlotIds: frozenOf(board, at), planning: this.on ? this.planning : new Map() };
  }

  panel(board: Board): string {
    return panelHtml({
      schedule: schedulePanelModel({
        board,
        live: true,
        moveExisting: this.moveExisting,
        busy: this.busy,
        proposal: this.shown?.proposal ?? null,
        rules: this.rules,
        draft: this.draft,
      }),
    });
  }

  /** The pins, hands counts, availability and rules, fetched when the organiser joins and after every change. */
  refresh(): void {
    const version = this.live.current()?.board.event.version ?? -1;
    if (!this.on || version === this.fetchedFor) return;
    if (this.fetching) {
      this.stale = true;
      return;
    }
    this.fetching = true;
    this.fetchedFor = version;
    this.live.whenJoined(() =>
      this.live.socket.emit('schedule:planning', {}, (answer) => {
        this.fetching = false;
        if (answer.ok) {
          this.planning = new Map(answer.data.sessions.map((p) => [p.sessionId, p]));
          this.rules = answer.data.rules;
          this.redraw();
        }
        if (this.stale) {
          this.stale = false;
          this.refresh();
        }
      }),
    );
  }

  option(name: string, value: string | boolean): void {
    if (name === 'schedule-move-existing') this.moveExisting = value === true;
    else if (name === 'rule-kind' && (value === 'apart' || value === 'back-to-back')) this.draft = { ...this.draft, kind: value };
    else if (name === 'rule-a' && typeof value === 'string') this.draft = { ...this.draft, a: value };
    else if (name === 'rule-b' && typeof value === 'string') this.draft = { ...this.draft, b: value };
  }

  propose(): void {
    if (this.busy) return;
    this.busy = true;
    this.say('Working out a schedule…');
    this.redraw();
    this.live.whenJoined(() =>
      this.live.socket.emit('schedule:propose', { moveExisting: this.moveExisting }, (answer) => {
        this.busy = false;
        if (!answer.ok) {
          this.say(answer.error.message);
          return this.redraw();
        }
        this.shown = answer.data;
        const changed = answer.data.proposal.placements.filter((p) => p.changed).length;
        const { message } = answer.data.proposal;
        this.say(
          changed
            ? `Proposal ready: ${plural(changed, 'change')} shown on the grid, figures below. Apply or discard it.${message ? ` ${message}` : ''}`
            : `The grid needs no change.${message ? ` ${message}` : ''}`,
        );
        this.redraw();
        focusHeading(document.querySelector<HTMLElement>('#proposal-heading'));
      }),
    );
  }

  apply(): void {
    const shown = this.shown;
    if (!shown) return;
    const commandId = crypto.randomUUID();
    this.announcer.sent();
    this.live.command<Ack<FacilitationDone>>(
      (ack) => this.live.socket.emit('schedule:apply', { commandId, proposalId: shown.proposalId }, ack),
      (answer) => {
        this.shown = null;
        if (!answer.ok) {
          this.announcer.answered(null, answer.error.message);
        } else {
          this.state.history = answer.data.history;
          this.announcer.answered(answer.data.version, `${answer.data.history[0]?.summary ?? 'Applied.'} Undo it from the history.`);
        }
        this.redraw();
        focusHeading(document.querySelector<HTMLElement>('#assistant-heading'));
      },
    );
  }

  discard(): void {
    const shown = this.shown;
    if (!shown) return;
    this.shown = null;
    this.live.whenJoined(() => this.live.socket.emit('schedule:discard', { proposalId: shown.proposalId }, () => undefined));
    this.say('Proposal discarded: the grid is as it was.');
    this.redraw();
    focusHeading(document.querySelector<HTMLElement>('#assistant-heading'));
  }

  pin(sessionId: string): void {
    const pinned = !(this.planning.get(sessionId)?.pinned ?? false);
    const title = this.titleOf(sessionId);
    this.change<PlanningChanged>(
      (commandId, ack) => this.live.socket.emit('session:pin', { commandId, sessionId, pinned }, ack),
      (data) => {
        this.planning.set(sessionId, data.session);
        return pinned ? `Pinned “${title}”: the assistant will not move it.` : `Unpinned “${title}”.`;
      },
    );
  }

  /** The "Hands & time" dialog's values: only what changed is sent. */
  savePlan(sessionId: string, hands: number | null, availability: string): void {
    const before = this.planning.get(sessionId);
    const title = this.titleOf(sessionId);
    if ((before?.hands ?? null) !== hands) {
      this.change<PlanningChanged>(
        (commandId, ack) => this.live.socket.emit('session:hands', { commandId, sessionId, hands }, ack),
        (data) => {
          this.planning.set(sessionId, data.session);
          return hands === null ? `Cleared the hands count of “${title}”.` : `“${title}”: ${hands} hands at the pitch.`;
        },
      );
    }
    if ((before?.availability ?? '') !== availability) {
      this.change<PlanningChanged>(
        (commandId, ack) => this.live.socket.emit('session:availability', { commandId, sessionId, availability }, ack),
        (data) => {
          this.planning.set(sessionId, data.session);
          return availability ? `“${title}”: the host can run it ${availability}.` : `“${title}”: any time suits its host.`;
        },
      );
    }
  }

  sessionOf(sessionId: string | undefined): Board['sessions'][number] | undefined {
    return sessionId ? this.live.current()?.board.sessions.find((s) => s.id === sessionId) : undefined;
  }

  planningOf(sessionId: string): SessionPlanning | undefined {
    return this.planning.get(sessionId);
  }

  addRule(): void {
    const { kind, a, b } = this.draft;
    if (!a || !b) return this.say('Choose both sessions for the rule.');
    if (a === b) return this.say('Choose two different sessions for a rule.');
    this.change<RulesChanged>(
      (commandId, ack) => this.live.socket.emit('schedule:rule-add', { commandId, kind, a, b }, ack),
      (data) => {
        this.rules = data.rules;
        this.draft = { kind, a: '', b: '' };
        return kind === 'apart'
          ? `Rule added: “${this.titleOf(a)}” and “${this.titleOf(b)}” never at the same time.`
          : `Rule added: “${this.titleOf(b)}” right after “${this.titleOf(a)}”, in the same room.`;
      },
    );
  }

  removeRule(ruleId: number): void {
    this.change<RulesChanged>(
      (commandId, ack) => this.live.socket.emit('schedule:rule-remove', { commandId, ruleId }, ack),
      (data) => {
        this.rules = data.rules;
        return 'Rule removed.';
      },
    );
  }

  private titleOf(sessionId: string): string {
    return this.sessionOf(sessionId)?.title ?? '';
  }

  /** A planning command: said once, then drawn. */
  private change<T extends { version: number }>(
    send: (commandId: string, ack: (answer: Ack<T>) => void) => void,
    done: (data: T) => string,
  ): void {
    const commandId = crypto.randomUUID();
    this.announcer.sent();
    this.live.command<Ack<T>>(
      (ack) => send(commandId, ack),
      (answer) => {
        if (!answer.ok) this.announcer.answered(null, answer.error.message);
        else this.announcer.answered(answer.data.version, done(answer.data));
        this.redraw();
      },
    );
  }
}

/** The assistant's controls, by delegation: the cards' pin and "Hands & time…", and the panel below the grid. */
export function wireSchedule(root: HTMLElement, planner: Planner): void {
  root.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const pin = target.closest<HTMLElement>('.pin-toggle')?.dataset.sessionId;
    if (pin) return planner.pin(pin);
    const control = target.closest<HTMLElement>('[data-action]');
    const action = control?.dataset.action;
    if (action === 'schedule-propose') planner.propose();
    else if (action === 'schedule-apply') planner.apply();
    else if (action === 'schedule-discard') planner.discard();
    else if (action === 'rule-add') planner.addRule();
    else if (action === 'rule-remove') planner.removeRule(Number(control?.dataset.ruleId));
  });
  root.addEventListener('change', (event) => {
    const field = event.target as HTMLInputElement | HTMLSelectElement;
    const name = field.dataset.action;
    if (name) planner.option(name, field instanceof HTMLInputElement && field.type === 'checkbox' ? field.checked : field.value);
  });
  setUpPlanDialog(root, planner);
}

/** "Hands & time…" on a card: the organiser's hands count and the pitcher's availability, in a dialog. */
function setUpPlanDialog(root: HTMLElement, planner: Planner): void {
  const dialog = document.querySelector<HTMLDialogElement>('#plan-dialog');
  const hands = dialog?.querySelector<HTMLInputElement>('#plan-hands');
  const availability = dialog?.querySelector<HTMLInputElement>('#plan-availability');
  const title = dialog?.querySelector<HTMLElement>('[data-plan-title]');
  if (!dialog || !hands || !availability || !title) return;
  let sessionId = '';
  root.addEventListener('click', (event) => {
    const id = (event.target as HTMLElement).closest<HTMLElement>('.plan-button')?.dataset.sessionId;
    const session = planner.sessionOf(id);
    if (!session) return;
    sessionId = session.id;
    const plan = planner.planningOf(session.id);
    title.textContent = session.title;
    hands.value = plan?.hands === null || plan?.hands === undefined ? '' : String(plan.hands);
    availability.value = plan?.availability ?? '';
    dialog.showModal();
    hands.focus();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'save' && sessionId) {
      const count = hands.value.trim() === '' ? null : Math.max(0, Math.round(Number(hands.value)));
      planner.savePlan(sessionId, count === null || Number.isFinite(count) ? count : null, availability.value.trim());
    }
    dialog.returnValue = '';
    const again = sessionId;
    requestAnimationFrame(() => root.querySelector<HTMLElement>(`.plan-button[data-session-id="${CSS.escape(again)}"]`)?.focus());
  });
}
