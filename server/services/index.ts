import type { ServiceContext } from './context';
import { EventService } from './event.service';
import { GridService } from './grid.service';
import { SessionService } from './session.service';
import { TransferService } from './transfer.service';
import { FacilitationService } from './facilitation.service';
import { SuggestionEngine, type SuggestionEngineOptions } from './suggestion.engine';

export interface Services {
  events: EventService;
  grid: GridService;
  sessions: SessionService;
  transfer: TransferService;
  facilitation: FacilitationService;
  suggestions: SuggestionEngine;
}

export function createServices(ctx: ServiceContext, analysis: SuggestionEngineOptions): Services {
  return {
    facilitation: new FacilitationService(ctx),
    suggestions: new SuggestionEngine(ctx, analysis),
    events: new EventService(ctx),
    grid: new GridService(ctx),
    sessions: new SessionService(ctx),
    transfer: new TransferService(ctx),
  };
}
