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
  activity: ActivityService;
  /** Socket commands run through it, so writes arriving together share one commit. */
  writes: WriteGroup;
  /** Who the request or command being served acts as, for the activity log. */
  actors: ActorScope;
}

export function createServices(ctx: ServiceContext, analysis: SuggestionEngineOptions): Services {
  const suggestions = new SuggestionEngine(ctx, analysis);
  const events = new EventService(ctx);
  const sessions = new SessionService(ctx);
  return {
    facilitation: new FacilitationService(ctx),
    suggestions,
    report: new ReportService(ctx, suggestions),
    events,
    grid: new GridService(ctx),
    sessions,
    exports: new ExportService(ctx, events, sessions),
    gridImport: new GridImportService(ctx),
    transfer: new TransferService(ctx, events),
    notes: new NoteService(ctx),
    activity: new ActivityService(ctx),
    writes: ctx.writes,
    actors: ctx.actors,
  };
}
