import type { EventExport } from '../protocol/schemas';
import type { Services } from '.';
import type { ImportedEvent } from './transfer.service';

/**
 * On an empty instance, imports the demo event (an ordinary export file) dated today, so a
 * newcomer sees a working board at once. Returns null when there are events already.
 */
export function seedDemoEvent(services: Services, demo: EventExport, today: string): ImportedEvent | null {
  if (!services.events.isEmpty()) return null;
  return services.transfer.import({ ...demo, event: { ...demo.event, date: today } });
}
