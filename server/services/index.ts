import type { ServiceContext } from './context';
import { EventService } from './event.service';
import { GridService } from './grid.service';
import { SessionService } from './session.service';
import { TransferService } from './transfer.service';

export interface Services {
  events: EventService;
  grid: GridService;
  sessions: SessionService;
  transfer: TransferService;
}

export function createServices(ctx: ServiceContext): Services {
  return {
    events: new EventService(ctx),
    grid: new GridService(ctx),
    sessions: new SessionService(ctx),
    transfer: new TransferService(ctx),
  };
}
