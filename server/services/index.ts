import type { ServiceContext, WriteGroup } from './context';
import { EventService } from './event.service';
import { GridService } from './grid.service';
import { SessionService } from './session.service';
import { TransferService } from './transfer.service';
import { FacilitationService } from './facilitation.service';
import { SuggestionEngine, type SuggestionEngineOptions } from './suggestion.engine';
import { ReportService } from './report.service';

export interface Services {
  events: EventService;
  grid: GridService;
  sessions: SessionService;
  transfer: TransferService;
  facilitation: FacilitationService;
  suggestions: SuggestionEngine;
  report: ReportService;
  /** Socket commands run through it, so writes arriving together share one commit. */
  writes: WriteGroup;
}

export function createServices(ctx: ServiceContext, analysis: SuggestionEngineOptions): Services {
  const suggestions = new SuggestionEngine(ctx, analysis);
  return {
    facilitation: new FacilitationService(ctx),
    suggestions,
    report: new ReportService(ctx, suggestions),
    events: new EventService(ctx),
    grid: new GridService(ctx),
    sessions: new SessionService(ctx),
    transfer: new TransferService(ctx),
    writes: ctx.writes,
  };
}
