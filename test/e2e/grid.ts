/** The organiser's grid as browser tests find it: cells by room and slot, cards by title, drag-and-drop wired, and where the server has a session. */
import type { Locator, Page } from 'playwright-core';
import type { Services } from '../../server/services';

/** The grid cell of `room` in the `slotIndex`-th slot (top to bottom). */
export const gridCell = (page: Page, room: string, slotIndex: number): Locator =>
  page.locator(`td[aria-label^="${room}, "]`).nth(slotIndex);

/** The session card inside `scope` whose title link is exactly `title`. */
export const cardTitled = (scope: Page | Locator, title: string): Locator => {
  const page = 'page' in scope ? scope.page() : scope;
  return scope.locator('.session-card').filter({ has: page.getByRole('link', { name: title, exact: true }) });
};

/** Waits until drag-and-drop is wired: once its library has loaded, Sortable marks each list it manages. */
export const dragWired = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => {
    const td = document.querySelector('td[data-room-id]');
    return td !== null && Object.keys(td).some((key) => key.startsWith('Sortable'));
  });

/** Where the server has the session: "Hall 10:00", or "unscheduled". */
export function placeOf(services: Services, eventId: string, sessionId: string | undefined): string {
  const board = services.events.board(eventId);
  const session = board.sessions.find((s) => s.id === sessionId);
  const room = board.rooms.find((r) => r.id === session?.roomId)?.name ?? null;
  const slot = board.slots.find((s) => s.id === session?.slotId)?.startsAt ?? null;
  return room && slot ? `${room} ${slot}` : 'unscheduled';
}
