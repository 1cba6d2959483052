import type { ServiceContext, WriteGroup } from './context';
import type { ActorScope } from './actors';
import { ActivityService } from './activity.service';
import { EventService } from './event.service';
import { GridService } from './grid.service';
import { SessionService } from './session.service';
import { TransferService } from './transfer.service';
import { FacilitationService } from './facilitation.service';
import { SuggestionEngine, type SuggestionEngineOptions } from './suggestion.engine';
import { ReportService } from './report.service';
import { ExportService } from './exports.service';
import { GridImportService } from './grid-import.service';
import { NoteService } from './note.service';
import { FlagService } from './flag.service';
import { PitchService } from './pitch.service';
import { SimilarService, type ListTimer } from './similar.service';
import { ScheduleService } from './schedule.service';
import { ScheduleThread, type ScheduleRunner } from './schedule.thread';

export interface Services {
  events: EventService;
  grid: GridService;
  sessions: SessionService;
  transfer: TransferService;
  facilitation: FacilitationService;
  suggestions: SuggestionEngine;
  report: ReportService;
  exports: ExportService;
  gridImport: GridImportService;
  notes: NoteService;
  /** Attendees' "same conversation as…" flags and hosts' answers. */
  flags: FlagService;
  /** The pitch form's similar sessions (interactive lane) and what pitchers choose about them. */
  similar: SimilarService;
  pitches: PitchService;
  schedule: ScheduleService;
  activity: ActivityService;
  /** Socket commands run through it, so writes arriving together share one commit. */
  writes: WriteGroup;
  /** Who the request or command being served acts as, for the activity log. */
  actors: ActorScope;
}

/** How analysis runs: the engine's options, and a timer of the pitch form's similar lists (the metrics'). */
export interface AnalysisOptions extends SuggestionEngineOptions {
  timeSimilarList?: ListTimer;
}

/** `scheduler`: where schedule proposals are computed; a worker thread (started on first use) by default. */
export function createServices(
  ctx: ServiceContext,
  analysis: AnalysisOptions,
  scheduler: ScheduleRunner = new ScheduleThread(analysis.logger),
): Services {
  const suggestions = new SuggestionEngine(ctx, analysis);
  const events = new EventService(ctx);
  const sessions = new SessionService(ctx);
  const facilitation = new FacilitationService(ctx);
  const { timers } = analysis;
  const similar = new SimilarService(ctx, analysis.runner, {
    ...(timers ? { now: () => timers.now() } : {}),
    logger: analysis.logger,
    ...(analysis.timeSimilarList ? { time: analysis.timeSimilarList } : {}),
  });
  return {
    facilitation,
    flags: new FlagService(ctx, facilitation),
    similar,
    pitches: new PitchService(ctx, sessions, similar),
    suggestions,
    report: new ReportService(ctx, suggestions),
    events,
    grid: new GridService(ctx),
    sessions,
    exports: new ExportService(ctx, events, sessions),
    gridImport: new GridImportService(ctx),
    transfer: new TransferService(ctx, events),
    notes: new NoteService(ctx),
    schedule: new ScheduleService(ctx, events, suggestions, scheduler),
    activity: new ActivityService(ctx),
    writes: ctx.writes,
    actors: ctx.actors,
  };
}
